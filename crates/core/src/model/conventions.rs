//! Key conventions (seed 003's configuration): how keys made of field lists
//! are written, resolved through a hierarchy.
//!
//! Six settings: `partition_key_name` (default `"pk"`), `sort_key_name`
//! (`"sk"`), `key_separator` (`"#"`), `suffix_partition_key` (`true`: the
//! entity type, lowercased, ends the partition key), `prefix_sort_key`
//! (`false`: field names in the sort key) and `table_has_sort_key` (`true`).
//! Each is resolved, later winning: the defaults < the global configuration
//! ([`set_global`]) < a scoped override for the current task ([`scope`],
//! for multi-tenant code and tests) < the model's own settings.
//!
//! A partition key is `field#value` for each field, then the entity type:
//! `{id: "123"}` of `User` is `id#123#user`. A sort key is the values alone,
//! `2024-01-15#123`, or with `prefix_sort_key` the field names too,
//! `created_at#2024-01-15#id#123`.
//!
//! ```
//! use dynorm::model::conventions::{self, Conventions};
//! use dynorm::Value;
//!
//! let user = Conventions::new().resolve();
//! assert_eq!(user.partition_key("User", &[("id", &Value::from("123"))]), "id#123#user");
//!
//! let tenant = Conventions::new().key_separator("_").suffix_partition_key(false).prefix_sort_key(true);
//! let c = tenant.resolve();
//! assert_eq!(c.partition_key("User", &[("tenant_id", &Value::from("acme"))]), "tenant_id_acme");
//! assert_eq!(c.sort_key(&[("user_id", &Value::from("123"))]), "user_id_123");
//! ```

use crate::value::Value;
use std::borrow::Cow;
use std::future::Future;
use std::sync::RwLock;

/// Settings given at one level of the hierarchy; `None` leaves the level
/// below in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conventions {
    partition_key_name: Option<Cow<'static, str>>,
    sort_key_name: Option<Cow<'static, str>>,
    key_separator: Option<Cow<'static, str>>,
    suffix_partition_key: Option<bool>,
    prefix_sort_key: Option<bool>,
    table_has_sort_key: Option<bool>,
}

/// The settings in force: every one resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Resolved {
    /// The partition key attribute.
    pub partition_key_name: String,
    /// The sort key attribute.
    pub sort_key_name: String,
    /// What joins the parts of a key.
    pub key_separator: String,
    /// Whether the entity type (lowercased) ends the partition key.
    pub suffix_partition_key: bool,
    /// Whether the sort key holds the field names before their values.
    pub prefix_sort_key: bool,
    /// Whether tables have a sort key.
    pub table_has_sort_key: bool,
}

impl Default for Resolved {
    /// Seed 003's defaults.
    fn default() -> Resolved {
        Resolved {
            partition_key_name: "pk".to_owned(),
            sort_key_name: "sk".to_owned(),
            key_separator: "#".to_owned(),
            suffix_partition_key: true,
            prefix_sort_key: false,
            table_has_sort_key: true,
        }
    }
}

static GLOBAL: RwLock<Conventions> = RwLock::new(Conventions {
    partition_key_name: None,
    sort_key_name: None,
    key_separator: None,
    suffix_partition_key: None,
    prefix_sort_key: None,
    table_has_sort_key: None,
});

tokio::task_local! {
    static SCOPED: Conventions;
}

/// Sets the global configuration (the application's), replacing the
/// previous one.
///
/// ```
/// use dynorm::model::conventions::{self, Conventions};
/// conventions::set_global(Conventions::new().partition_key_name("PK"));
/// assert_eq!(Conventions::new().resolve().partition_key_name, "PK");
/// conventions::set_global(Conventions::new());
/// ```
pub fn set_global(conventions: Conventions) {
    if let Ok(mut global) = GLOBAL.write() {
        *global = conventions;
    }
}

/// Runs `fut` with `conventions` over the global configuration for this
/// task (an inner scope overrides an outer one, setting by setting).
///
/// ```
/// use dynorm::model::conventions::{self, Conventions};
/// use dynorm::Value;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let key = conventions::scope(Conventions::new().key_separator("-").suffix_partition_key(false), async {
///     Conventions::new().resolve().partition_key("User", &[("id", &Value::from("123"))])
/// })
/// .await;
/// assert_eq!(key, "id-123");
/// # });
/// ```
pub async fn scope<F: Future>(conventions: Conventions, fut: F) -> F::Output {
    let merged = match SCOPED.try_with(Conventions::clone) {
        Ok(outer) => outer.then(&conventions),
        Err(_) => conventions,
    };
    SCOPED.scope(merged, fut).await
}

impl Conventions {
    /// No setting given.
    pub fn new() -> Conventions {
        Conventions::default()
    }

    /// A model's own settings, as `#[derive(Model)]` writes them into its
    /// schema (a `const`: the schema is a `static`). `None` leaves a setting
    /// to the levels below.
    ///
    /// ```
    /// use dynorm::model::conventions::Conventions;
    /// const USER: Conventions = Conventions::of_model(None, None, Some("_"), Some(false), Some(true), None);
    /// assert_eq!(USER, Conventions::new().key_separator("_").suffix_partition_key(false).prefix_sort_key(true));
    /// ```
    pub const fn of_model(
        partition_key_name: Option<&'static str>,
        sort_key_name: Option<&'static str>,
        key_separator: Option<&'static str>,
        suffix_partition_key: Option<bool>,
        prefix_sort_key: Option<bool>,
        table_has_sort_key: Option<bool>,
    ) -> Conventions {
        const fn borrowed(text: Option<&'static str>) -> Option<Cow<'static, str>> {
            match text {
                Some(text) => Some(Cow::Borrowed(text)),
                None => None,
            }
        }
        Conventions {
            partition_key_name: borrowed(partition_key_name),
            sort_key_name: borrowed(sort_key_name),
            key_separator: borrowed(key_separator),
            suffix_partition_key,
            prefix_sort_key,
            table_has_sort_key,
        }
    }

    /// `partition_key_name`.
    #[must_use]
    pub fn partition_key_name(mut self, name: impl Into<String>) -> Self {
        self.partition_key_name = Some(Cow::Owned(name.into()));
        self
    }

    /// `sort_key_name`.
    #[must_use]
    pub fn sort_key_name(mut self, name: impl Into<String>) -> Self {
        self.sort_key_name = Some(Cow::Owned(name.into()));
        self
    }

    /// `key_separator`.
    #[must_use]
    pub fn key_separator(mut self, separator: impl Into<String>) -> Self {
        self.key_separator = Some(Cow::Owned(separator.into()));
        self
    }

    /// `suffix_partition_key`.
    #[must_use]
    pub fn suffix_partition_key(mut self, yes: bool) -> Self {
        self.suffix_partition_key = Some(yes);
        self
    }

    /// `prefix_sort_key`.
    #[must_use]
    pub fn prefix_sort_key(mut self, yes: bool) -> Self {
        self.prefix_sort_key = Some(yes);
        self
    }

    /// `table_has_sort_key`.
    #[must_use]
    pub fn table_has_sort_key(mut self, yes: bool) -> Self {
        self.table_has_sort_key = Some(yes);
        self
    }

    /// These settings over `self` (each given one wins).
    fn then(mut self, over: &Conventions) -> Conventions {
        fn pick<T: Clone>(slot: &mut Option<T>, over: &Option<T>) {
            if over.is_some() {
                slot.clone_from(over);
            }
        }
        pick(&mut self.partition_key_name, &over.partition_key_name);
        pick(&mut self.sort_key_name, &over.sort_key_name);
        pick(&mut self.key_separator, &over.key_separator);
        pick(&mut self.suffix_partition_key, &over.suffix_partition_key);
        pick(&mut self.prefix_sort_key, &over.prefix_sort_key);
        pick(&mut self.table_has_sort_key, &over.table_has_sort_key);
        self
    }

    /// The settings in force for a model whose own settings are `self`:
    /// defaults < global < scoped (this task) < `self`.
    pub fn resolve(&self) -> Resolved {
        let global = GLOBAL.read().map(|g| g.clone()).unwrap_or_default();
        let levels = match SCOPED.try_with(Conventions::clone) {
            Ok(scoped) => global.then(&scoped),
            Err(_) => global,
        }
        .then(self);
        let d = Resolved::default();
        Resolved {
            partition_key_name: levels
                .partition_key_name
                .map_or(d.partition_key_name, Cow::into_owned),
            sort_key_name: levels
                .sort_key_name
                .map_or(d.sort_key_name, Cow::into_owned),
            key_separator: levels
                .key_separator
                .map_or(d.key_separator, Cow::into_owned),
            suffix_partition_key: levels
                .suffix_partition_key
                .unwrap_or(d.suffix_partition_key),
            prefix_sort_key: levels.prefix_sort_key.unwrap_or(d.prefix_sort_key),
            table_has_sort_key: levels.table_has_sort_key.unwrap_or(d.table_has_sort_key),
        }
    }
}

/// A key part's text: a string as it is, a number as its digits, anything
/// else as its JSON.
fn text(value: &Value) -> String {
    match value {
        Value::S(s) => s.clone(),
        Value::N(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => crate::value::value_to_json(other).to_string(),
    }
}

impl Resolved {
    /// The partition key of an entity from its key fields, in order:
    /// `field#value...`, then the entity type lowercased when
    /// `suffix_partition_key`.
    pub fn partition_key(&self, entity: &str, fields: &[(&str, &Value)]) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(fields.len() * 2 + 1);
        for (name, value) in fields {
            parts.push((*name).to_owned());
            parts.push(text(value));
        }
        if self.suffix_partition_key {
            parts.push(entity.to_lowercase());
        }
        parts.join(&self.key_separator)
    }

    /// The sort key from its fields, in order: their values, preceded by
    /// their names when `prefix_sort_key`.
    pub fn sort_key(&self, fields: &[(&str, &Value)]) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(fields.len() * 2);
        for (name, value) in fields {
            if self.prefix_sort_key {
                parts.push((*name).to_owned());
            }
            parts.push(text(value));
        }
        parts.join(&self.key_separator)
    }

    /// The prefix of the sort keys whose first fields are these (for
    /// `begins_with` on a composite sort key): the sort key of the fields
    /// given, followed by the separator.
    pub fn sort_key_prefix(&self, first_fields: &[(&str, &Value)]) -> String {
        let mut prefix = self.sort_key(first_fields);
        prefix.push_str(&self.key_separator);
        prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    /// Every key of seed 003, with the settings it is written under (built
    /// directly: the global level is another test's).
    #[test]
    fn seed_003_keys() {
        let defaults = Resolved::default();
        assert_eq!(
            defaults.partition_key("User", &[("id", &s("123"))]),
            "id#123#user"
        );
        assert_eq!(
            defaults.partition_key("Product", &[("category", &s("electronics"))]),
            "category#electronics#product"
        );
        assert_eq!(
            defaults.partition_key(
                "Order",
                &[
                    ("customer_id", &s("C123")),
                    ("order_date", &s("2024-01-15"))
                ]
            ),
            "customer_id#C123#order_date#2024-01-15#order"
        );
        assert_eq!(
            defaults.sort_key(&[("created_at", &s("2024-01-15")), ("id", &s("123"))]),
            "2024-01-15#123"
        );
        assert_eq!(defaults.sort_key(&[("product_id", &s("P123"))]), "P123");
        let prefixed = Resolved {
            prefix_sort_key: true,
            ..Resolved::default()
        };
        assert_eq!(
            prefixed.sort_key(&[("created_at", &s("2024-01-15")), ("id", &s("123"))]),
            "created_at#2024-01-15#id#123"
        );
        assert_eq!(
            prefixed.sort_key(&[("order_id", &s("ORD-456"))]),
            "order_id#ORD-456"
        );
        let user = Resolved {
            key_separator: "_".into(),
            prefix_sort_key: true,
            suffix_partition_key: false,
            ..Resolved::default()
        };
        assert_eq!(
            user.partition_key("User", &[("tenant_id", &s("acme"))]),
            "tenant_id_acme"
        );
        assert_eq!(user.sort_key(&[("user_id", &s("123"))]), "user_id_123");
        let unsuffixed = Resolved {
            suffix_partition_key: false,
            ..Resolved::default()
        };
        assert_eq!(
            unsuffixed.partition_key("User", &[("id", &s("123"))]),
            "id#123"
        );
        assert_eq!(
            defaults.sort_key_prefix(&[("created_at", &s("2024-01-15"))]),
            "2024-01-15#"
        );
    }

    /// defaults < global < scoped < model, setting by setting.
    #[tokio::test]
    async fn hierarchy() {
        // The global level is process-wide: this is the only test that sets it.
        set_global(Conventions::new().key_separator("|").sort_key_name("SK"));
        let model = Conventions::new().prefix_sort_key(true);
        let r = model.resolve();
        assert_eq!(
            (r.key_separator.as_str(), r.sort_key_name.as_str()),
            ("|", "SK")
        );
        assert_eq!(r.partition_key_name, "pk");
        assert!(r.prefix_sort_key);
        let scoped = scope(
            Conventions::new()
                .key_separator("::")
                .prefix_sort_key(false),
            async {
                let inner = scope(Conventions::new().suffix_partition_key(false), async {
                    model.resolve()
                })
                .await;
                (model.resolve(), inner)
            },
        )
        .await;
        assert_eq!(scoped.0.key_separator, "::");
        assert!(
            scoped.0.prefix_sort_key,
            "the model's own setting wins over the scope"
        );
        assert!(scoped.0.suffix_partition_key);
        assert_eq!(
            scoped.1.key_separator, "::",
            "an inner scope keeps the outer one's settings"
        );
        assert!(!scoped.1.suffix_partition_key);
        assert_eq!(
            model.resolve().key_separator,
            "|",
            "outside the scope: the global level"
        );
        set_global(Conventions::new());
        assert_eq!(model.resolve().key_separator, "#");
    }
}
