//! TTL attributes: epoch seconds stored as N, expiry checks and `extend_ttl`.
#![allow(clippy::unwrap_used)]

use dynorm::attributes::{ExpiresIn, Ttl, TtlModel};
use dynorm::{from_item, from_value, to_item, to_value, Client, Item, Model, Number, Value};
use dynorm_memory::MemoryBackend;
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `ttl` is within a second of `now() + seconds` (the clock may tick between).
fn assert_about(ttl: Ttl, seconds: i64) {
    let expected = now() + seconds;
    let got = ttl.epoch_seconds();
    assert!(
        (expected - 1..=expected).contains(&got),
        "{got} vs {expected}"
    );
}

#[test]
fn expires_in_arithmetic() {
    assert_about(ExpiresIn::seconds(30), 30);
    assert_about(ExpiresIn::minutes(5), 300);
    assert_about(ExpiresIn::hours(2), 7_200);
    assert_about(ExpiresIn::days(3), 259_200);
    assert_about(ExpiresIn::weeks(1), 604_800);
    assert_about(ExpiresIn::seconds(-10), -10);
    // Saturates instead of overflowing.
    assert_eq!(ExpiresIn::weeks(i64::MAX).epoch_seconds(), i64::MAX);
}

#[test]
fn expiry_checks() {
    let future = ExpiresIn::hours(1);
    assert!(!future.is_expired());
    let left = future.expires_in().unwrap();
    assert!(left > Duration::from_secs(3_590) && left <= Duration::from_secs(3_600));

    let past = ExpiresIn::seconds(-1);
    assert!(past.is_expired());
    assert_eq!(past.expires_in(), None);
    // "now" counts as expired (DynamoDB deletes items whose TTL is <= now).
    assert!(Ttl::from_epoch_seconds(now()).is_expired());
}

#[test]
fn conversions() {
    let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_900);
    let ttl = Ttl::at(t);
    assert_eq!(ttl.epoch_seconds(), 1_700_000_000);
    assert_eq!(
        ttl.as_system_time(),
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    );
    assert_eq!(Ttl::from(t), ttl);
    assert_eq!(SystemTime::from(ttl), ttl.as_system_time());
    let before = UNIX_EPOCH - Duration::from_millis(1_500);
    assert_eq!(Ttl::at(before).epoch_seconds(), -2);
    assert_eq!(
        Ttl::from_epoch_seconds(-2).as_system_time(),
        UNIX_EPOCH - Duration::from_secs(2)
    );
    assert_eq!(Ttl::from_epoch_seconds(5).to_string(), "5");
}

#[test]
fn stored_as_a_number() {
    let ttl = Ttl::from_epoch_seconds(1_700_000_000);
    assert_eq!(to_value(&ttl).unwrap(), Value::from(1_700_000_000_i64));
    let back: Ttl = from_value(Value::from(1_700_000_000_i64)).unwrap();
    assert_eq!(back, ttl);
    // Another writer's fractional seconds round down.
    let n: Number = "1700000000.75".parse().unwrap();
    assert_eq!(from_value::<Ttl>(Value::N(n)).unwrap(), ttl);
    // A string is not a TTL.
    assert!(from_value::<Ttl>(Value::from("1700000000")).is_err());
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "sessions", ttl = "expires_at")]
struct Session {
    #[dynorm(partition_key)]
    id: String,
    user: String,
    expires_at: Ttl,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "tokens", ttl = "expires_at")]
struct Token {
    #[dynorm(partition_key)]
    id: String,
    expires_at: Option<Ttl>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "notes")]
struct Note {
    #[dynorm(partition_key)]
    id: String,
}

#[test]
fn model_with_ttl_round_trips() {
    let s = Session {
        id: "s1".into(),
        user: "ann".into(),
        expires_at: Ttl::from_epoch_seconds(1_800_000_000),
    };
    let item = to_item(&s).unwrap();
    assert_eq!(
        item.get("expires_at"),
        Some(&Value::from(1_800_000_000_i64))
    );
    assert_eq!(from_item::<Session>(item).unwrap(), s);
    assert_eq!(Session::schema().ttl_attribute, Some("expires_at"));

    // Optional TTL: absent attribute.
    let t = Token {
        id: "t".into(),
        expires_at: None,
    };
    let item = to_item(&t).unwrap();
    assert!(!item.contains("expires_at"));
    assert_eq!(from_item::<Token>(item).unwrap(), t);
}

async fn client() -> Client {
    let client = Client::new(MemoryBackend::new());
    client.create_table::<Session>().await.unwrap();
    client.create_table::<Token>().await.unwrap();
    client.create_table::<Note>().await.unwrap();
    client
}

#[tokio::test]
async fn create_table_enables_ttl() {
    let client = client().await;
    let ttl = client
        .backend()
        .describe_time_to_live(dynorm::backend::DescribeTimeToLiveRequest::new("sessions"))
        .await
        .unwrap();
    assert_eq!(ttl.enabled_attribute(), Some("expires_at"));
}

#[tokio::test]
async fn extend_ttl_updates_item_and_struct() {
    let client = client().await;
    let mut s = Session {
        id: "s1".into(),
        user: "ann".into(),
        expires_at: ExpiresIn::seconds(-5),
    };
    client.put(&s).await.unwrap();
    assert!(s.expires_at.is_expired());

    let until = ExpiresIn::hours(1);
    s.extend_ttl(&client, until).await.unwrap();
    assert_eq!(s.expires_at, until);
    assert!(!s.expires_at.is_expired());
    let raw = client
        .table("sessions")
        .get(Item::new().with("id", "s1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(raw.get("expires_at"), Some(&until.to_value()));
    assert_eq!(raw.get("user"), Some(&Value::from("ann")));

    // By key, from the client; optional TTL fields get one too.
    let mut t = Token {
        id: "t1".into(),
        expires_at: None,
    };
    client.put(&t).await.unwrap();
    let later = ExpiresIn::days(2);
    client.extend_ttl(t.key().unwrap(), later).await.unwrap();
    let stored = client.get(t.key().unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.expires_at, Some(later));
    t.extend_ttl(&client, ExpiresIn::days(3)).await.unwrap();
    assert_eq!(client.get(t.key().unwrap()).await.unwrap().unwrap(), t);
}

#[tokio::test]
async fn extend_ttl_of_missing_item_fails_and_creates_nothing() {
    let client = client().await;
    let mut s = Session {
        id: "ghost".into(),
        user: "x".into(),
        expires_at: Ttl::from_epoch_seconds(1),
    };
    let err = s
        .extend_ttl(&client, ExpiresIn::hours(1))
        .await
        .unwrap_err();
    assert!(err.is_condition_failed(), "{err:?}");
    assert_eq!(s.expires_at, Ttl::from_epoch_seconds(1));
    assert!(client.get(s.key().unwrap()).await.unwrap().is_none());
}

#[tokio::test]
async fn extend_ttl_without_ttl_attribute_is_config_error() {
    let client = client().await;
    let mut n = Note { id: "n1".into() };
    client.put(&n).await.unwrap();
    let err = client
        .extend_ttl(n.key().unwrap(), ExpiresIn::hours(1))
        .await
        .unwrap_err();
    assert!(matches!(err, dynorm::Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("Note"), "{err}");
    let err = n
        .extend_ttl(&client, ExpiresIn::hours(1))
        .await
        .unwrap_err();
    assert!(matches!(err, dynorm::Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("notes"), "{err}");
}
