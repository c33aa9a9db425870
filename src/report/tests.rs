use super::*;
use crate::config::DetectConfig;
use crate::detect::reuse::detect;
