//! [`CompactOrder`]: the 13-attribute, ~950-byte item of the comparison with
//! Dynoxide (`benches/vs_dynoxide.rs`).

use dynorm::Model;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Length of [`CompactOrder::note`], which makes the item ~950 bytes in
/// DynamoDB's accounting (`dynorm::item_size`).
pub const COMPACT_NOTE: usize = 720;

/// An order of 13 attributes (partition key `customer`, sort key
/// `order_id`): strings, numbers, a boolean, bytes, a long note and a
/// string set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "bench_compact_orders")]
pub struct CompactOrder {
    /// Partition key.
    #[dynorm(partition_key)]
    pub customer: String,
    /// Sort key (zero-padded so that string order is numeric order).
    #[dynorm(sort_key)]
    pub order_id: String,
    /// Order status.
    pub status: String,
    /// Customer e-mail.
    pub email: String,
    /// Sales channel.
    pub channel: String,
    /// Number of units: 1 to 10, cycling with the order number.
    pub quantity: u32,
    /// Total in cents.
    pub total_cents: i64,
    /// Creation time (Unix seconds).
    pub created_at: u64,
    /// Page views: the attribute the update benches add to.
    pub views: u64,
    /// Whether it is paid.
    pub paid: bool,
    /// A signature (bytes, `B`).
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
    /// Free text ([`COMPACT_NOTE`] characters).
    pub note: String,
    /// Labels (a string set, `SS`).
    #[serde(with = "dynorm::value::string_set")]
    pub tags: BTreeSet<String>,
}

impl CompactOrder {
    /// Order number `n` of `customer`.
    pub fn sample(customer: &str, n: usize) -> CompactOrder {
        let mut note = String::with_capacity(COMPACT_NOTE);
        while note.len() < COMPACT_NOTE {
            note.push_str("Please leave the parcel at the back door. ");
        }
        note.truncate(COMPACT_NOTE);
        CompactOrder {
            customer: customer.to_owned(),
            order_id: format!("ORDER#{n:08}"),
            status: "SHIPPED".to_owned(),
            email: format!("{customer}@example.com"),
            channel: "web".to_owned(),
            quantity: 1 + (n % 10) as u32,
            total_cents: 129_990 + n as i64,
            created_at: 1_700_000_000 + n as u64,
            views: 0,
            paid: true,
            signature: (0..32u8)
                .map(|b| b.wrapping_mul(7).wrapping_add(n as u8))
                .collect(),
            note,
            tags: ["priority", "fragile", "eu"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_13_attributes_of_about_950_bytes() {
        let item = dynorm::to_item(&CompactOrder::sample("hot", 1234)).unwrap();
        assert_eq!(item.len(), 13);
        let size = dynorm::item_size(&item);
        assert!((900..=1000).contains(&size), "{size} bytes");
    }
}
