//! `#[derive(Model)]` for dynorm.
//!
//! Use it through the `dynorm` crate (`dynorm::Model`); the generated code
//! refers to `::dynorm` paths only. The options are documented on
//! [`derive_model`].

mod codegen;
mod container_attrs;
mod errors;
mod fields;
mod model_def;
mod serde_names;
mod template;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `dynorm::Model` for a struct with named fields that also derives
/// serde's `Serialize` and `Deserialize`.
///
/// Struct options, in one or several `#[dynorm(...)]` attributes:
///
/// - `table = "name"` (required).
/// - `pk = "USER#{id}"`, `sk = "PROFILE"`: key templates. `{field}` is
///   replaced by the field's `Display`, `{{` and `}}` are literal braces. The
///   key is stored as a string in `pk_attr` (default `"pk"`) / `sk_attr`
///   (default `"sk"`). Alternatively mark a field `#[dynorm(partition_key)]`
///   or `#[dynorm(sort_key)]`: the field itself (under its serde name) is the
///   key, typed by `dynorm::model::KeyValue`.
/// - `entity` or `entity = "Name"`, with `entity_attr = "..."` (default
///   `"entity_type"`): an attribute naming the entity, for single-table design.
/// - `global_index(name = "...", pk = "..." | pk_field = "...", sk = "..." |
///   sk_field = "...", pk_attr = "...", sk_attr = "...", projection = ...)`:
///   template attributes default to `gsi_pk_{name}` and `gsi_sk_{name}`.
/// - `local_index(name = "...", sk = "..." | sk_field = "...", sk_attr = "...",
///   projection = ...)`: the sort attribute defaults to `lsi_sk_{name}`.
/// - `projection = "all"` (default), `"keys_only"` or `include("a", "b")`.
/// - `ttl = "field"`: the field holding the TTL epoch seconds.
/// - `hooks`: the struct implements `dynorm::model::Hooks` itself;
///   `skip_hooks`: its hooks never run.
/// - `max_size = N`: the largest item, in bytes, a whole-item write (put,
///   create, batch put, transaction put) may send, checked before sending.
///   Updates are not checked (their resulting item is known only to
///   DynamoDB, which enforces its 400 KB item limit).
///
/// Field options, in `#[dynorm(...)]` on a field:
///
/// - `partition_key`, `sort_key`: the field is the key attribute.
/// - `generate = "uuid_v4" | "uuid_v7"`: filled in on create when empty.
/// - `created_at`, `updated_at`: timestamps filled in on writes.
/// - `s3(bucket = "...", prefix = "...", region = "...")`: an S3-backed
///   attribute (`dynorm::attributes::S3Object` or `Option<S3Object>`): the
///   content goes to the client's object store under
///   `{prefix}{pk}/{sk}/{filename}`, the item keeps its metadata.
///
/// An `Option` field in an index template leaves the index key out when it
/// is `None` (a sparse index); in a primary key template it makes
/// `derived_attributes` fail with a validation error.
///
/// Besides `impl Model`, the derive adds `T::key(...)` (the primary key from
/// the fields it is built from) and `T::partition(...)` (the partition key
/// value, for queries).
///
/// ```
/// use dynorm::{Item, Model};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Model)]
/// #[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE", entity = "User")]
/// #[dynorm(global_index(name = "TenantIndex", pk = "TENANT#{tenant_id}", sk = "USER#{id}"))]
/// struct User {
///     id: String,
///     tenant_id: String,
///     age: Option<u32>,
/// }
///
/// let user = User { id: "u1".into(), tenant_id: "t1".into(), age: None };
/// let derived = user.derived_attributes()?;
/// assert_eq!(derived.get("pk"), Some(&"USER#u1".into()));
/// assert_eq!(derived.get("gsi_pk_TenantIndex"), Some(&"TENANT#t1".into()));
/// assert_eq!(derived.get("entity_type"), Some(&"User".into()));
/// assert_eq!(
///     User::key("u1").into_item(),
///     Item::new().with("pk", "USER#u1").with("sk", "PROFILE"),
/// );
/// assert_eq!(User::schema().table, "app");
/// # Ok::<(), dynorm::Error>(())
/// ```
///
/// Plain fields as keys, under their serde names:
///
/// ```
/// use dynorm::Model;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Model)]
/// #[dynorm(table = "orders")]
/// struct Order {
///     #[dynorm(partition_key)]
///     customer: String,
///     #[dynorm(sort_key)]
///     #[serde(rename = "orderNo")]
///     number: u64,
/// }
///
/// let key = Order::key("c1", 7u64);
/// assert_eq!(key.as_item().get("orderNo"), Some(&7u64.into()));
/// assert_eq!(Order::schema().partition_key.attribute, "customer");
/// ```
#[proc_macro_derive(Model, attributes(dynorm))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match model_def::ModelDef::from_input(&input) {
        Ok(model) => codegen::expand(&model).into(),
        Err(error) => error.to_compile_error().into(),
    }
}
