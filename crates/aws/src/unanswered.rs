//! One-line messages for SDK calls that got no usable answer: the request
//! could not be built, could not be sent, timed out, or its answer could not
//! be read. The SDK's own error stays the source of the error that carries
//! the message; the message names where the request went and the reason at
//! the bottom of the SDK's chain, never the chain's Debug dump.

use aws_smithy_runtime_api::client::result::SdkError;
use std::error::Error as StdError;
use std::fmt::Debug;

/// How the SDK's timeout errors word themselves:
/// `operation attempt timeout (single attempt) occurred after 300ms`.
const TIMEOUT_WORDING: &str = " occurred after ";

/// How the HTTP client names a failed host name lookup (the error above the
/// resolver's I/O error).
const DNS_ERROR: &str = "dns error";

/// How the system resolver's I/O error begins.
const LOOKUP_FAILED: &str = "failed to lookup address information: ";

/// Where a client's requests go, as the messages of [`unanswered_message`]
/// name it: the endpoint URL when one is configured, else the service and
/// its region.
///
/// ```
/// use dynorm_aws::endpoint_label;
/// assert_eq!(
///     endpoint_label("DynamoDB", Some("http://127.0.0.1:8000"), Some("us-east-1")),
///     "http://127.0.0.1:8000"
/// );
/// assert_eq!(endpoint_label("S3", None, Some("eu-west-1")), "S3 in eu-west-1");
/// assert_eq!(endpoint_label("S3", None, None), "S3");
/// ```
pub fn endpoint_label(service: &str, endpoint_url: Option<&str>, region: Option<&str>) -> String {
    match (endpoint_url, region) {
        (Some(url), _) => url.to_owned(),
        (None, Some(region)) => format!("{service} in {region}"),
        (None, None) => service.to_owned(),
    }
}

/// The one-line message of an SDK error that is not a service answer, for a
/// request to `endpoint` ([`endpoint_label`]); `None` for a service answer,
/// whose code and message the service gave.
///
/// | SDK error | message |
/// | --- | --- |
/// | dispatch failure | `cannot reach {endpoint}: connection refused` (the I/O error's kind), `...: DNS lookup failed: Name or service not known`, `...: timed out after 3.1s (HTTP connect timeout)` |
/// | timeout | `no answer from {endpoint}: timed out after 300ms (operation attempt timeout)` |
/// | response error | `the answer from {endpoint} could not be read: unexpected end of file` |
/// | construction failure | `the request to {endpoint} could not be built: ...` |
///
/// ```
/// use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
/// use std::io::{Error, ErrorKind};
///
/// let refused = ConnectorError::io(Error::from(ErrorKind::ConnectionRefused).into());
/// let err: SdkError<Error, ()> = SdkError::dispatch_failure(refused);
/// assert_eq!(
///     dynorm_aws::unanswered_message(&err, "http://127.0.0.1:8000").as_deref(),
///     Some("cannot reach http://127.0.0.1:8000: connection refused")
/// );
/// ```
pub fn unanswered_message<E, R>(err: &SdkError<E, R>, endpoint: &str) -> Option<String>
where
    E: StdError + 'static,
    R: Debug,
{
    let reason = || reason(StdError::source(err));
    Some(match err {
        SdkError::ServiceError(_) => return None,
        SdkError::DispatchFailure(_) => format!("cannot reach {endpoint}: {}", reason()),
        SdkError::TimeoutError(_) => format!("no answer from {endpoint}: {}", reason()),
        SdkError::ResponseError(_) => {
            format!("the answer from {endpoint} could not be read: {}", reason())
        }
        SdkError::ConstructionFailure(_) => {
            format!("the request to {endpoint} could not be built: {}", reason())
        }
        _ => format!("the request to {endpoint} failed: {}", reason()),
    })
}

/// The reason at the bottom of an error chain, in a few words: a timeout
/// with its duration, a failed DNS lookup, an I/O error's kind, or else the
/// innermost error's own message.
fn reason(first: Option<&(dyn StdError + 'static)>) -> String {
    let chain: Vec<&(dyn StdError + 'static)> =
        std::iter::successors(first, |&e| e.source()).collect();
    let Some(innermost) = chain.last() else {
        return "no reason given".to_owned();
    };
    for e in &chain {
        let text = e.to_string();
        if let Some((kind, after)) = text.split_once(TIMEOUT_WORDING) {
            return format!("timed out after {after} ({})", without_aside(kind));
        }
    }
    if chain.iter().any(|e| e.to_string() == DNS_ERROR) {
        let text = innermost.to_string();
        let detail = text.strip_prefix(LOOKUP_FAILED).unwrap_or(&text);
        return format!("DNS lookup failed: {detail}");
    }
    if let Some(io) = chain
        .iter()
        .find_map(|e| e.downcast_ref::<std::io::Error>())
    {
        return io_reason(io);
    }
    innermost.to_string()
}

/// An I/O error in a few words: its kind (`connection refused`) for an
/// operating system error or a bare kind, its own message otherwise.
fn io_reason(io: &std::io::Error) -> String {
    let kind = io.kind().to_string();
    let own_message = io.get_ref().is_some()
        || io.kind() == std::io::ErrorKind::Other
        || kind == "uncategorized error";
    if own_message {
        io.to_string()
    } else {
        kind
    }
}

/// `operation attempt timeout (single attempt)` without its parenthesised aside.
fn without_aside(text: &str) -> &str {
    match text.split_once(" (") {
        Some((head, _)) if text.ends_with(')') => head,
        _ => text,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use std::fmt;
    use std::io::{Error, ErrorKind};

    /// An error with a message and a cause, as the HTTP client's are.
    #[derive(Debug)]
    struct Layer(&'static str, Box<dyn StdError + Send + Sync>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Layer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(self.1.as_ref())
        }
    }

    /// A timeout as the SDK words it.
    #[derive(Debug)]
    struct Timeout(&'static str);

    impl fmt::Display for Timeout {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Timeout {}

    type Err = SdkError<Error, ()>;

    fn message(err: &Err) -> String {
        unanswered_message(err, "http://127.0.0.1:9").unwrap()
    }

    fn refused(os: Error) -> Err {
        let chain = Layer(
            "client error (Connect)",
            Box::new(Layer("tcp connect error", Box::new(os))),
        );
        SdkError::dispatch_failure(ConnectorError::io(Box::new(chain)))
    }

    #[test]
    fn a_refused_connection_names_the_endpoint_and_the_os_reason() {
        assert_eq!(
            message(&refused(Error::from(ErrorKind::ConnectionRefused))),
            "cannot reach http://127.0.0.1:9: connection refused"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_os_error_is_named_by_its_kind() {
        // ECONNREFUSED, displayed by the OS as "Connection refused (os error 111)".
        assert_eq!(
            message(&refused(Error::from_raw_os_error(111))),
            "cannot reach http://127.0.0.1:9: connection refused"
        );
    }

    #[test]
    fn a_failed_dns_lookup_says_so() {
        let lookup =
            Error::other("failed to lookup address information: Name or service not known");
        let chain = Layer(
            "client error (Connect)",
            Box::new(Layer(DNS_ERROR, Box::new(lookup))),
        );
        let err: Err = SdkError::dispatch_failure(ConnectorError::io(Box::new(chain)));
        assert_eq!(
            message(&err),
            "cannot reach http://127.0.0.1:9: DNS lookup failed: Name or service not known"
        );
    }

    #[test]
    fn timeouts_say_after_how_long() {
        let err: Err = SdkError::timeout_error(Timeout(
            "operation attempt timeout (single attempt) occurred after 300ms",
        ));
        assert_eq!(
            message(&err),
            "no answer from http://127.0.0.1:9: timed out after 300ms (operation attempt timeout)"
        );
        let connect = Timeout("HTTP connect timeout occurred after 3.1s");
        let err: Err = SdkError::dispatch_failure(ConnectorError::timeout(Box::new(connect)));
        assert_eq!(
            message(&err),
            "cannot reach http://127.0.0.1:9: timed out after 3.1s (HTTP connect timeout)"
        );
    }

    #[test]
    fn an_unreadable_answer_and_an_unbuilt_request() {
        let cut = Layer(
            "error reading a body from connection",
            Box::new(Error::new(
                ErrorKind::UnexpectedEof,
                "end of file before message length reached",
            )),
        );
        let err: Err = SdkError::response_error(cut, ());
        assert_eq!(
            message(&err),
            "the answer from http://127.0.0.1:9 could not be read: end of file before message length reached"
        );
        let err: Err = SdkError::construction_failure("no region");
        assert_eq!(
            message(&err),
            "the request to http://127.0.0.1:9 could not be built: no region"
        );
    }

    #[test]
    fn a_service_answer_has_no_message_here() {
        let err: Err = SdkError::service_error(Error::other("ValidationException"), ());
        assert_eq!(unanswered_message(&err, "x"), None);
    }

    #[test]
    fn bare_io_kinds_are_named_by_their_kind() {
        assert_eq!(io_reason(&Error::from(ErrorKind::TimedOut)), "timed out");
        assert_eq!(io_reason(&Error::other("weird")), "weird");
        assert_eq!(
            without_aside("operation timeout (all attempts including retries)"),
            "operation timeout"
        );
        assert_eq!(without_aside("HTTP read"), "HTTP read");
    }
}
