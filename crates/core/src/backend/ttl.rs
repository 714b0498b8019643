//! Requests and outputs of UpdateTimeToLive and DescribeTimeToLive.

use std::fmt;

/// A TTL setting: what UpdateTimeToLive sends and answers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeToLive {
    /// The attribute holding epoch seconds.
    pub attribute: String,
    /// Whether expiry is on.
    pub enabled: bool,
}

impl TimeToLive {
    /// Expiry on `attribute` turned on.
    pub fn enabled(attribute: impl Into<String>) -> TimeToLive {
        TimeToLive {
            attribute: attribute.into(),
            enabled: true,
        }
    }

    /// Expiry on `attribute` turned off.
    pub fn disabled(attribute: impl Into<String>) -> TimeToLive {
        TimeToLive {
            attribute: attribute.into(),
            enabled: false,
        }
    }
}

/// UpdateTimeToLive.
///
/// ```
/// use dynorm::backend::{TimeToLive, UpdateTimeToLiveRequest};
/// let req = UpdateTimeToLiveRequest::new("sessions", TimeToLive::enabled("expires_at"));
/// assert!(req.time_to_live.enabled);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateTimeToLiveRequest {
    /// Table name.
    pub table: String,
    /// The setting.
    pub time_to_live: TimeToLive,
}

impl UpdateTimeToLiveRequest {
    /// Applies `time_to_live` to the table called `table`.
    pub fn new(table: impl Into<String>, time_to_live: TimeToLive) -> UpdateTimeToLiveRequest {
        UpdateTimeToLiveRequest {
            table: table.into(),
            time_to_live,
        }
    }
}

/// DescribeTimeToLive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeTimeToLiveRequest {
    /// Table name.
    pub table: String,
}

impl DescribeTimeToLiveRequest {
    /// Describes the TTL setting of the table called `table`.
    pub fn new(table: impl Into<String>) -> DescribeTimeToLiveRequest {
        DescribeTimeToLiveRequest {
            table: table.into(),
        }
    }
}

/// Where a table's TTL setting stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TtlStatus {
    /// Off.
    #[default]
    Disabled,
    /// Being turned on.
    Enabling,
    /// On.
    Enabled,
    /// Being turned off.
    Disabling,
}

impl TtlStatus {
    /// DynamoDB's name of the state (`ENABLED`, `DISABLED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TtlStatus::Disabled => "DISABLED",
            TtlStatus::Enabling => "ENABLING",
            TtlStatus::Enabled => "ENABLED",
            TtlStatus::Disabling => "DISABLING",
        }
    }
}

impl fmt::Display for TtlStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// DescribeTimeToLive's answer.
///
/// ```
/// use dynorm::backend::{DescribeTimeToLiveOutput, TtlStatus};
/// let out = DescribeTimeToLiveOutput::new(TtlStatus::Enabled, Some("expires_at".into()));
/// assert_eq!(out.enabled_attribute(), Some("expires_at"));
/// assert_eq!(DescribeTimeToLiveOutput::default().enabled_attribute(), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeTimeToLiveOutput {
    /// The state.
    pub status: TtlStatus,
    /// The TTL attribute, when one is set (DynamoDB omits it when disabled).
    pub attribute: Option<String>,
}

impl DescribeTimeToLiveOutput {
    /// An answer in this state.
    pub fn new(status: TtlStatus, attribute: Option<String>) -> DescribeTimeToLiveOutput {
        DescribeTimeToLiveOutput { status, attribute }
    }

    /// The TTL attribute when TTL is on or being turned on.
    pub fn enabled_attribute(&self) -> Option<&str> {
        match self.status {
            TtlStatus::Enabled | TtlStatus::Enabling => self.attribute.as_deref(),
            _ => None,
        }
    }
}
