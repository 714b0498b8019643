//! `#[derive(Model)]` and `#[derive(Attributes)]` for dynorm.
//!
//! Use them through the `dynorm` crate (`dynorm::Model`,
//! `dynorm::Attributes`); the generated code refers to `::dynorm` paths only.
//! Everything they generate and every option is documented on
//! [`derive_model`] and [`derive_attributes`].

mod attributes_def;
mod codegen;
mod container_attrs;
mod errors;
mod field_list_keys;
mod fields;
mod model_def;
mod serde_names;
mod template;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `dynorm::Model` for a struct with named fields that also derives
/// serde's `Serialize` and `Deserialize`: the struct is stored as one item,
/// its fields as attributes under their serde names. Generic structs, enums
/// and tuple structs are compile errors, and so is every mistake in the
/// options below (with the span of the mistake).
///
/// # What it generates
///
/// For `#[derive(Model)] struct User { .. }`:
///
/// | item | what it is |
/// | --- | --- |
/// | `impl dynorm::Model for User` | [`schema()`](#schema) (a `&'static ModelSchema`) and `derived_attributes()` (the template keys, index keys and entity type of one value); `Model`'s other methods (`key(&self)`, `to_item`, `from_item`, ...) are its defaults, built on serde |
/// | `impl dynorm::model::Hooks for User` | empty hooks, unless `#[dynorm(hooks)]` says you implement them |
/// | `User::key(..) -> Key<User>` | the primary key, from the fields the key is built from |
/// | `User::partition(..) -> Partition<User>` | the table's partition key value, to query one partition |
/// | `User::<index>_partition(..) -> Partition<User>` | one per secondary index: a partition of that index |
/// | `User::fields() -> UserFields` | [typed paths](#typed-paths) of the stored fields |
/// | `struct UserFields` | one `FieldPath<T>` per stored field, each as visible as its field; the struct is as visible as `User` |
/// | `impl dynorm::expr::Attributes for User` | `Fields = UserFields`, so a model nested in a document has paths too |
///
/// The parameters of `key`, `partition` and `<index>_partition` are the
/// fields the key templates use (or the key fields), in order of first
/// appearance, each taken as `impl Into<FieldType>` (the inner type of an
/// `Option` field); primitive integers are taken as themselves, so that
/// `Order::key("c1", 7)` infers the field's type. `<index>` is the index
/// name in snake case: `TenantIndex` gives `tenant_index_partition`,
/// `by-email` gives `by_email_partition`, a name starting with a digit gets
/// `index_` in front. A struct named `UserFields` in the same module as
/// `User` clashes with the generated one.
///
/// ## Schema
///
/// `User::schema()` describes the model to the client and the table tooling:
/// `type_name`, `table`, `partition_key` and `sort_key` (attribute, key type,
/// template, fields), `entity`, `indexes` (name, global or local, keys,
/// projection), `ttl_attribute`, `generated` (uuid and timestamp fields),
/// `hooks`, `skip_hooks`, `max_size`, `s3_attributes` and `encrypted_attributes`.
///
/// # Struct options
///
/// In one or several `#[dynorm(...)]` attributes on the struct:
///
/// - `table = "name"` (required): 1 to 255 of `a-z A-Z 0-9 _ - .`. The
///   client's table prefix is put in front when the model is used.
/// - `pk = "USER#{id}"`, `sk = "PROFILE"`: key templates. `{field}` is
///   replaced by the field's `Display`, `{{` and `}}` are literal braces; the
///   key is stored as a string in `pk_attr` (default `"pk"`) / `sk_attr`
///   (default `"sk"`), which no field may also be stored in. Alternatively
///   mark a field `#[dynorm(partition_key)]` / `#[dynorm(sort_key)]`.
/// - `pk_attr = "..."`, `sk_attr = "..."`: the attribute names of template keys.
/// - `entity` or `entity = "Name"` (default: the struct's name), with
///   `entity_attr = "..."` (default `"entity_type"`): an attribute naming the
///   entity, for single-table design. Queries and scans of the model then
///   return only its own items, and decoding an item of another entity fails.
/// - `global_index(name = "...", pk = "..." | pk_field = "...", sk = "..." |
///   sk_field = "...", pk_attr = "...", sk_attr = "...", projection = ...)`:
///   a global secondary index. Template keys are stored in `pk_attr` /
///   `sk_attr` (default `gsi_pk_{name}` / `gsi_sk_{name}`); `pk_field` /
///   `sk_field` name a field stored under its serde name. The sort key is
///   optional.
/// - `local_index(name = "...", sk = "..." | sk_field = "...", sk_attr =
///   "...", projection = ...)`: a local secondary index (the table needs a
///   sort key); the template sort attribute defaults to `lsi_sk_{name}`.
/// - `projection = "all"` (default), `"keys_only"` or `include("a", "b")`,
///   inside an index: what the index holds.
/// - `ttl = "field"`: the field holding the TTL (epoch seconds, e.g.
///   `dynorm::attributes::Ttl`); table tooling enables TTL on its attribute.
/// - `hooks`: the struct implements `dynorm::model::Hooks` itself;
///   `skip_hooks`: its hooks never run.
/// - `max_size = N`: the largest item, in bytes, a whole-item write (put,
///   create, batch put, transaction put) may send, checked before sending.
///   Updates are not checked (their resulting item is known only to
///   DynamoDB, which enforces its 400 KB item limit).
/// - `partition_key = [field, ...]`, `sort_key = [field, ...]`: keys made of
///   field lists, written at run time by the key conventions
///   (`dynorm::model::conventions`) in force: `field#value` per partition
///   key field then the entity type lowercased, the sort key's values (with
///   their field names under `prefix_sort_key`), joined by the separator,
///   stored as strings in the partition / sort key attributes the
///   conventions name. The fields are named as in the struct and must be
///   key types (strings, numbers, bytes), stored and not `Option`s, each in
///   one list; `sort_key` needs `partition_key`; `pk`, `sk`, `pk_attr`,
///   `sk_attr`, `#[dynorm(partition_key)]` / `#[dynorm(sort_key)]` fields,
///   `versioned` and local indexes (whose keys would follow the run-time
///   conventions) are compile errors beside them, and so is a field stored
///   in a key attribute. Without `sort_key`, on a table with a sort key, the
///   sort key is the entity type lowercased. `User::schema()` is then the
///   schema *in force*: key attribute names, sort key and key templates
///   resolved from the conventions of the moment (one schema per resolved
///   setting, kept). Besides `key(..)` (the partition key fields, then the
///   sort key fields) and `partition(..)`, such a model has `sort_key(..)`
///   (the whole sort key value, for `sort_eq`/`sort_gt`/`sort_between`...)
///   and, for a composite sort key, `sort_prefix_<fields>(..)` for each of
///   its proper prefixes (`sort_prefix_created_at("2024-01-15")` is
///   `"2024-01-15#"`, for `sort_begins_with`).
/// - `partition_key_name = "..."`, `sort_key_name = "..."`, `key_separator =
///   "..."`, `suffix_partition_key = bool`, `prefix_sort_key = bool`,
///   `table_has_sort_key = bool`: the model's own conventions (the top
///   level, over a scope, the global level and the defaults `pk`, `sk`,
///   `#`, `true`, `false`, `true`); only with `partition_key = [...]`.
///
///   ```
///   use dynorm::{Model, Value};
///   use serde::{Deserialize, Serialize};
///
///   #[derive(Serialize, Deserialize, Model)]
///   #[dynorm(table = "events", partition_key = [device], sort_key = [created_at, id])]
///   struct Event { device: String, created_at: String, id: u64 }
///
///   #[derive(Serialize, Deserialize, Model)]
///   #[dynorm(table = "users", partition_key = [tenant_id], sort_key = [user_id],
///            key_separator = "_", prefix_sort_key = true, suffix_partition_key = false)]
///   struct User { tenant_id: String, user_id: String }
///
///   let key = Event::key("d1", "2024-01-15", 123u64);
///   assert_eq!(key.as_item().get("pk"), Some(&Value::from("device#d1#event")));
///   assert_eq!(key.as_item().get("sk"), Some(&Value::from("2024-01-15#123")));
///   assert_eq!(Event::sort_prefix_created_at("2024-01-15"), Value::from("2024-01-15#"));
///   assert_eq!(User::key("acme", "123").as_item().get("pk"), Some(&Value::from("tenant_id_acme")));
///   assert_eq!(User::key("acme", "123").as_item().get("sk"), Some(&Value::from("user_id_123")));
///   ```
/// - `versioned` or `versioned(audit_table = "name")`: a versioned model in
///   rococo's format, saved through `client.versioned::<M>()` (see
///   `dynorm::versioned`). It needs the fields `entity_id: String` (its
///   partition key, alone: no `pk`, no sort key), `version: String`,
///   `previous_version: String`, `active: bool`, `changed_by_id: String`
///   and `changed_on` (`dynorm::versioned::ChangedOn` or `String`); a
///   missing field or another type is a compile error. The replaced
///   versions go to the audit table, `{table}_audit` unless named, which
///   the table tooling creates with the model's table.
///
/// # Field options
///
/// In `#[dynorm(...)]` on a field:
///
/// - `partition_key`, `sort_key`: the field itself (under its serde name) is
///   the key attribute, typed by `dynorm::model::KeyValue` (strings, numbers,
///   bytes, uuids); it cannot be an `Option`.
/// - `generate = "uuid_v4" | "uuid_v7"`: a uuid filled in on writes when the
///   field is unset (`String`, `uuid::Uuid` or an `Option` of one).
/// - `created_at`, `updated_at`: timestamps filled in on writes (`created_at`
///   when unset, `updated_at` always; `Timestamp`, `EpochSeconds`,
///   `EpochMillis` or an `Option` of one). One of each per model.
/// - `s3(bucket = "...", prefix = "...", region = "...")`: an S3-backed
///   attribute (`dynorm::attributes::S3Object` or `Option<S3Object>`): the
///   content goes to the client's object store under
///   `{prefix}{pk}/{sk}/{filename}`, the item keeps its metadata.
/// - `encrypted(key = "alias/...", context(name = "value", ...))`: an
///   encrypted attribute (`dynorm::attributes::Encrypted<T>` or an `Option`
///   of one), encrypted on writes under the KMS key with the encryption
///   context through the client's key service, decrypted on reads; stored
///   as pydynox's `EncryptedAttribute` stores it.
///
/// # serde options
///
/// The derive reads the serde options that decide attribute names:
/// `#[serde(rename = "...")]` on fields and `#[serde(rename_all = "...")]`
/// on the struct name the attributes of keys, indexes, TTL, generated values
/// and typed paths. Fields with `#[serde(skip)]` or
/// `#[serde(skip_serializing)]` are not stored and have no typed path; a
/// `#[serde(flatten)]` field's own fields are stored among the item's and
/// have no typed path either (reach them with string paths). An `Option`
/// field in an index template leaves the index key out when it is `None` (a
/// sparse index); in a primary key template it makes `derived_attributes`
/// fail with a validation error.
///
/// ## Binary attributes
///
/// serde has no bytes type of its own: a `Vec<u8>` serializes as a *list of
/// numbers* (`L` of `N`), not as a binary `B`. For a binary attribute, write
/// the field `#[serde(with = "serde_bytes")] Vec<u8>` (the `serde_bytes`
/// crate) or use the `dynorm::Bytes` type, which is a key type too. A
/// `Vec<u8>` key field needs `serde_bytes`: its schema says `B`, and a list
/// of numbers is no key.
///
/// # Typed paths
///
/// `User::fields()` gives one `dynorm::expr::FieldPath<T>` per stored field,
/// `T` being the field's type, at the attribute serde writes it to. A
/// misspelt or skipped field is a compile error (no such field of
/// `UserFields`), and so is a step the type does not have:
///
/// - `.fields()`: the fields of a nested struct that derives
///   [`Attributes`](derive_attributes) (or an `Option`/`Box` of one);
/// - `.at(i)`: an element of a list (`Vec`, `VecDeque`, arrays);
/// - `.key("k")`: a value of a map (`HashMap`, `BTreeMap`), taken literally;
/// - conditions: `.eq`, `.ne`, `.lt`, `.le`, `.gt`, `.ge`, `.between`,
///   `.is_in`, `.begins_with`, `.contains`, `.exists`, `.not_exists`,
///   `.is_type`, `.size()`; the values are not checked against `T`.
///
/// A `FieldPath` (owned or borrowed) is accepted wherever a path string is:
/// update actions (`.set`, `.add`, `.remove`, `.increment`, `.append`, ...),
/// projections (`.project([f.id.to_path(), f.age.to_path()])`: paths of
/// fields of different types through `.to_path()`), `attr(..)`, and as the
/// operand of a comparison or a `SET` (another attribute's value). A
/// top-level field's path also names a key attribute
/// (`Query::sort_key_name`, `Query::sort_key`). `.as_path()`, `.to_path()`
/// and `.into_path()` give the untyped `Path`.
///
/// # Examples
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
/// assert_eq!(User::partition("u1").value, "USER#u1".into());
/// assert_eq!(User::tenant_index_partition("t1").index, Some("TenantIndex"));
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
///
/// Typed paths through a nested struct, a list and a map, and binary bytes:
///
/// ```
/// use dynorm::{attr, Attributes, Model, Path, Update};
/// use serde::{Deserialize, Serialize};
/// use std::collections::HashMap;
///
/// #[derive(Serialize, Deserialize, Attributes)]
/// #[serde(rename_all = "camelCase")]
/// struct Address {
///     street_line: String,
///     city: String,
/// }
///
/// #[derive(Serialize, Deserialize, Model)]
/// #[dynorm(table = "app", pk = "USER#{id}")]
/// struct User {
///     id: String,
///     #[serde(rename = "displayName")]
///     name: String,
///     age: u32,
///     address: Address,
///     tags: Vec<String>,
///     scores: HashMap<String, u32>,
///     #[serde(with = "serde_bytes")]
///     avatar: Vec<u8>,
///     #[serde(skip)]
///     session: Option<String>,
/// }
///
/// let f = User::fields();
/// assert_eq!(f.age.ge(18) & f.name.begins_with("A"),
///            attr("age").ge(18) & attr("displayName").begins_with("A"));
/// assert_eq!(
///     Update::new()
///         .set(f.address.fields().street_line, "1 Main St")
///         .add(f.scores.key("math"), 5)
///         .remove(f.tags.at(0)),
///     Update::new()
///         .set("address.streetLine", "1 Main St")
///         .add("scores.math", 5)
///         .remove("tags[0]"),
/// );
/// let projection = [f.id.to_path(), f.address.fields().city.to_path()];
/// assert_eq!(projection, ["id", "address.city"].map(Path::from));
/// ```
///
/// In client calls:
///
/// ```no_run
/// # use dynorm::{Client, Item, Model};
/// # use serde::{Deserialize, Serialize};
/// # #[derive(Serialize, Deserialize, Model)]
/// # #[dynorm(table = "app", pk = "TEAM#{team}", sk = "USER#{id}")]
/// # struct User { team: String, id: String, name: String, age: u32 }
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let f = User::fields();
/// client
///     .update(User::key("t1", "u1"))
///     .set(&f.name, "Ann")
///     .condition(f.age.ge(18))
///     .await?;
/// let adults: Vec<Item> = client
///     .query_collection(User::partition("t1"))
///     .filter(f.age.ge(18))
///     .project([f.id.to_path(), f.name.to_path()])
///     .all()
///     .await?;
/// # Ok(()) }
/// ```
#[proc_macro_derive(Model, attributes(dynorm))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match model_def::ModelDef::from_input(&input) {
        Ok(model) => codegen::expand(&model).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// Derives `dynorm::expr::Attributes` for a struct stored inside a model as
/// a map: typed paths of its fields, reached from the model's with
/// `.fields()` (`User::fields().address.fields().city`).
///
/// For `#[derive(Attributes)] struct Address { .. }` it generates
/// `struct AddressFields` (visible as `Address` is; one `FieldPath<T>` per
/// stored field, as visible as the field) and `impl Attributes for Address`
/// (`Fields = AddressFields`, `fields_under(parent)` building the paths
/// inside the map at `parent`). It has no options of its own; serde's
/// `rename`, `rename_all`, `skip`, `skip_serializing` and `flatten` count as
/// for [`Model`](derive_model). The struct needs named fields and no
/// generics, and may not be `#[serde(transparent)]` (stored as its one
/// field, not as a map). A model derives its paths already: do not derive
/// both on one struct.
///
/// ```
/// use dynorm::expr::{Attributes, FieldPath};
/// use dynorm::Path;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Attributes)]
/// struct Geo {
///     lat: f64,
///     lon: f64,
/// }
///
/// #[derive(Serialize, Deserialize, Attributes)]
/// struct Address {
///     city: String,
///     #[serde(rename = "location")]
///     geo: Option<Geo>,
///     lines: Vec<String>,
/// }
///
/// let home: FieldPath<Address> = FieldPath::new("home");
/// let a = home.fields();
/// assert_eq!(a.geo.fields().lat.as_path(), &Path::parse("home.location.lat").unwrap());
/// assert_eq!(a.lines.at(1).to_string(), "home.lines[1]");
/// assert_eq!(Address::fields_under(None).city.as_path(), &Path::attr("city"));
/// ```
#[proc_macro_derive(Attributes)]
pub fn derive_attributes(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match attributes_def::AttributesDef::from_input(&input) {
        Ok(def) => codegen::expand_attributes(&def).into(),
        Err(error) => error.to_compile_error().into(),
    }
}
