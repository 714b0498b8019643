//! The checked description of a model: the struct options resolved against its
//! fields. Every mistake found here becomes a compile error with a span.

use crate::container_attrs::{IndexOptions, ModelOptions, ProjectionOption, VersionedOption};
use crate::errors::Errors;
use crate::field_list_keys::{self, ConventionsDef, FieldLists};
use crate::fields::{FieldDef, UuidKind};
use crate::serde_names;
use crate::template::Template;
use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Visibility};

/// How a key attribute gets its value.
#[derive(Clone)]
pub enum KeySource {
    /// Built from a template; the attribute is derived (type S).
    Template {
        /// The parsed template.
        template: Template,
        /// The literal it came from (for spans).
        lit: LitStr,
    },
    /// The attribute is a field, written by serde. Index into `ModelDef::fields`.
    Field(usize),
    /// Built from these fields (indexes into `ModelDef::fields`, in key
    /// order) by the key conventions at run time; the attribute name is
    /// resolved then too.
    FieldList(Vec<usize>),
}

/// One key attribute.
#[derive(Clone)]
pub struct KeyDef {
    /// Attribute name.
    pub attribute: String,
    /// Where its value comes from.
    pub source: KeySource,
}

impl KeyDef {
    /// The fields the key reads, in order of first appearance (indexes into the fields).
    pub fn field_indexes(&self, fields: &[FieldDef]) -> Vec<usize> {
        match &self.source {
            KeySource::Field(i) => vec![*i],
            KeySource::FieldList(list) => list.clone(),
            KeySource::Template { template, .. } => template
                .fields()
                .into_iter()
                .filter_map(|name| fields.iter().position(|f| f.name == name))
                .collect(),
        }
    }
}

impl ModelDef {
    /// The fields the primary key's templates are built from that are not
    /// key attributes themselves, without repeats (indexes into the fields):
    /// an update that creates an item writes them so that it decodes.
    pub fn key_source_fields(&self) -> Vec<usize> {
        let keys = std::iter::once(&self.partition_key).chain(self.sort_key.as_ref());
        let key_attributes: Vec<&str> = keys.clone().map(|k| k.attribute.as_str()).collect();
        let mut out = Vec::new();
        for key in keys {
            if let KeySource::Template { .. } | KeySource::FieldList(_) = key.source {
                for i in key.field_indexes(&self.fields) {
                    let name = self.fields[i].serde_name.as_str();
                    if !out.contains(&i) && !key_attributes.contains(&name) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }
}

/// An index projection.
pub enum ProjectionDef {
    /// All attributes.
    All,
    /// Keys only.
    KeysOnly,
    /// Keys plus these attributes.
    Include(Vec<String>),
}

/// A secondary index.
pub struct IndexDef {
    /// Index name.
    pub name: String,
    /// Global or local.
    pub global: bool,
    /// Partition key (the table's for a local index).
    pub partition_key: KeyDef,
    /// Sort key.
    pub sort_key: Option<KeyDef>,
    /// Projection.
    pub projection: ProjectionDef,
}

/// An entity type attribute.
pub struct EntityDef {
    /// Attribute name.
    pub attribute: String,
    /// Entity name.
    pub name: String,
}

/// The whole model, checked.
pub struct ModelDef {
    /// The struct's name.
    pub ident: Ident,
    /// The struct's visibility.
    pub vis: Visibility,
    /// Table name.
    pub table: String,
    /// Partition key.
    pub partition_key: KeyDef,
    /// Sort key.
    pub sort_key: Option<KeyDef>,
    /// Entity type.
    pub entity: Option<EntityDef>,
    /// Secondary indexes.
    pub indexes: Vec<IndexDef>,
    /// TTL attribute name.
    pub ttl: Option<String>,
    /// Named fields in declaration order.
    pub fields: Vec<FieldDef>,
    /// Generated attributes, in field order.
    pub generated: Vec<GeneratedDef>,
    /// `hooks`: the user writes `impl Hooks`.
    pub hooks: bool,
    /// `skip_hooks`.
    pub skip_hooks: bool,
    /// `max_size`.
    pub max_size: Option<usize>,
    /// `versioned`: the audit table's name.
    pub audit_table: Option<String>,
    /// The `#[dynorm(version)]` field (index into `fields`).
    pub version: Option<usize>,
    /// The `#[dynorm(unique)]` fields (indexes into `fields`).
    pub unique: Vec<usize>,
    /// The model's own key conventions, when its keys are field lists.
    pub conventions: Option<ConventionsDef>,
}

/// The fields a versioned model stores for its versions (rococo's), with
/// the type each must have (`None`: any type serializing to a string).
pub const VERSIONED_FIELDS: [(&str, Option<&str>); 6] = [
    ("entity_id", Some("String")),
    ("version", Some("String")),
    ("previous_version", Some("String")),
    ("active", Some("bool")),
    ("changed_by_id", Some("String")),
    ("changed_on", None),
];

/// What a generated field holds.
#[derive(Clone, Copy)]
pub enum GeneratedKindDef {
    /// A uuid of this version.
    Uuid(UuidKind),
    /// `created_at`.
    CreatedAt,
    /// `updated_at`.
    UpdatedAt,
}

/// A field whose value dynorm fills in on writes.
pub struct GeneratedDef {
    /// Index into `ModelDef::fields`.
    pub field: usize,
    /// What it holds.
    pub kind: GeneratedKindDef,
}

/// The generated fields, checked: one option per field, one `created_at`
/// and one `updated_at` per model.
fn generated_fields(fields: &[FieldDef], errors: &mut Errors) -> Vec<GeneratedDef> {
    let mut out = Vec::new();
    let mut created: Option<&str> = None;
    let mut updated: Option<&str> = None;
    for (i, f) in fields.iter().enumerate() {
        let mut kinds = Vec::new();
        if let Some((kind, span)) = f.generate {
            kinds.push((GeneratedKindDef::Uuid(kind), span));
        }
        if let Some(span) = f.created_at {
            if let Some(first) = created {
                errors.at(
                    span,
                    format!(
                        "`created_at` is on more than one field (`{first}` and `{}`); a model has one",
                        f.name
                    ),
                );
            }
            created = created.or(Some(&f.name));
            kinds.push((GeneratedKindDef::CreatedAt, span));
        }
        if let Some(span) = f.updated_at {
            if let Some(first) = updated {
                errors.at(
                    span,
                    format!(
                        "`updated_at` is on more than one field (`{first}` and `{}`); a model has one",
                        f.name
                    ),
                );
            }
            updated = updated.or(Some(&f.name));
            kinds.push((GeneratedKindDef::UpdatedAt, span));
        }
        if kinds.len() > 1 {
            errors.at(
                kinds[1].1,
                format!(
                    "field `{}` has more than one of `generate`, `created_at` and `updated_at`; \
                     keep one",
                    f.name
                ),
            );
        }
        if let Some(&(kind, _)) = kinds.first() {
            out.push(GeneratedDef { field: i, kind });
        }
    }
    out
}

impl ModelDef {
    /// Resolves and checks a `#[derive(Model)]` input.
    pub fn from_input(input: &DeriveInput) -> syn::Result<ModelDef> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                _ => {
                    return Err(syn::Error::new_spanned(
                        &input.ident,
                        "Model can only be derived for structs with named fields",
                    ))
                }
            },
            Data::Enum(_) | Data::Union(_) => {
                return Err(syn::Error::new_spanned(
                    &input.ident,
                    "Model can only be derived for structs with named fields",
                ))
            }
        };
        let mut errors = Errors::default();
        if !input.generics.params.is_empty() {
            errors.spanned(
                &input.generics,
                "Model cannot be derived for generic structs",
            );
        }
        let rename_all = serde_names::container_rename_rule(&input.attrs);
        let fields: Vec<FieldDef> = named
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref().map(|ident| (f, ident)))
            .map(|(f, ident)| FieldDef::parse(f, ident, rename_all, &mut errors))
            .collect();
        let options = ModelOptions::parse(&input.attrs, &mut errors);
        let generated = generated_fields(&fields, &mut errors);
        let hooks = options.hooks.is_some();
        let skip_hooks = options.skip_hooks.is_some();
        let max_size = options.max_size;
        let audit_table_lit = options
            .versioned
            .as_ref()
            .and_then(|v| v.audit_table.clone());
        let versioned = options.versioned.is_some();
        let resolver = Resolver {
            ident: &input.ident,
            fields: &fields,
        };
        let field_lists = field_list_keys::resolve(&input.ident, &fields, &options, &mut errors);
        let model = resolver.resolve(options, field_lists.as_ref(), &mut errors);
        let primary_key_fields: Vec<usize> = model
            .iter()
            .flat_map(|(_, pk, sk, ..)| std::iter::once(pk).chain(sk.as_ref()))
            .flat_map(|k| k.field_indexes(&fields))
            .collect();
        let version = version_field(&fields, &primary_key_fields, &mut errors);
        let unique = unique_fields(&fields, &primary_key_fields, &mut errors);
        let Some((table, partition_key, sort_key, entity, indexes, ttl)) = model else {
            errors.finish()?;
            return Err(syn::Error::new_spanned(&input.ident, "invalid Model"));
        };
        let audit_table = match audit_table_lit {
            Some(lit) => {
                check_name(&lit, "audit table", &mut errors);
                Some(lit.value())
            }
            None if versioned => {
                let name = format!("{table}_audit");
                if name.len() > 255 {
                    errors.spanned(
                        &input.ident,
                        format!(
                            "the audit table name `{name}` is longer than 255 bytes; \
                             name one with `versioned(audit_table = \"...\")`"
                        ),
                    );
                }
                Some(name)
            }
            None => None,
        };
        errors.finish()?;
        Ok(ModelDef {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            table,
            partition_key,
            sort_key,
            entity,
            indexes,
            ttl,
            fields,
            generated,
            hooks,
            skip_hooks,
            max_size,
            audit_table,
            version,
            unique,
            conventions: field_lists.map(|f| f.conventions),
        })
    }
}

/// The `#[dynorm(version)]` field, checked: one per model, stored, not part
/// of the primary key (its type is checked by the trait it must implement).
fn version_field(
    fields: &[FieldDef],
    primary_key_fields: &[usize],
    errors: &mut Errors,
) -> Option<usize> {
    let mut found: Option<usize> = None;
    for (i, f) in fields.iter().enumerate() {
        let Some(span) = f.version else { continue };
        if let Some(first) = found {
            errors.at(
                span,
                format!(
                    "`version` is on more than one field (`{}` and `{}`); a model has one",
                    fields[first].name, f.name
                ),
            );
            continue;
        }
        if primary_key_fields.contains(&i) {
            errors.at(
                span,
                format!(
                    "the version field `{}` cannot be part of the primary key: it changes on every write",
                    f.name
                ),
            );
        } else if !f.stored {
            errors.at(
                span,
                format!(
                    "the version field `{}` must be stored (not skipped or flattened)",
                    f.name
                ),
            );
        } else if f.unique.is_some()
            || f.generate.is_some()
            || f.created_at.is_some()
            || f.updated_at.is_some()
        {
            errors.at(
                span,
                format!(
                    "the version field `{}` cannot also be `unique` or generated",
                    f.name
                ),
            );
        }
        found = Some(i);
    }
    found
}

/// The `#[dynorm(unique)]` fields, checked: stored, not part of the primary
/// key (a key is unique already).
fn unique_fields(
    fields: &[FieldDef],
    primary_key_fields: &[usize],
    errors: &mut Errors,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let Some(span) = f.unique else { continue };
        if primary_key_fields.contains(&i) {
            errors.at(
                span,
                format!(
                    "`{}` is part of the primary key, which is unique already: remove `unique`",
                    f.name
                ),
            );
        } else if !f.stored {
            errors.at(
                span,
                format!(
                    "the unique field `{}` must be stored (not skipped or flattened)",
                    f.name
                ),
            );
        } else if f.s3.is_some() {
            errors.at(
                span,
                format!("the S3-backed field `{}` cannot be unique", f.name),
            );
        } else if f.encrypted.is_some() {
            errors.at(
                span,
                format!("the encrypted field `{}` cannot be unique", f.name),
            );
        } else {
            out.push(i);
        }
    }
    out
}

type Resolved = (
    String,
    KeyDef,
    Option<KeyDef>,
    Option<EntityDef>,
    Vec<IndexDef>,
    Option<String>,
);

struct Resolver<'a> {
    ident: &'a Ident,
    fields: &'a [FieldDef],
}

impl Resolver<'_> {
    fn resolve(
        &self,
        options: ModelOptions,
        field_lists: Option<&FieldLists>,
        errors: &mut Errors,
    ) -> Option<Resolved> {
        let table = match &options.table {
            Some(lit) => {
                check_name(lit, "table", errors);
                Some(lit.value())
            }
            None => {
                errors.spanned(
                    self.ident,
                    "missing table name: add #[dynorm(table = \"...\")] to the struct",
                );
                None
            }
        };
        let (partition_key, sort_key) = match field_lists {
            Some(lists) => (
                Some(lists.partition_key.clone()),
                Some(lists.sort_key.clone()),
            ),
            // Field lists with mistakes (reported): no other key to look for.
            None if options.partition_key.is_some() => (None, None),
            None => self.primary_keys(&options, errors),
        };
        let partition_key = match &options.versioned {
            Some(v) if field_lists.is_none() => {
                self.versioned_key(v, &options, partition_key, sort_key.is_some(), errors)
            }
            _ => partition_key,
        };
        if partition_key.is_none()
            && options.versioned.is_none()
            && !self.has_partition_source(&options)
        {
            errors.spanned(
                self.ident,
                "missing partition key: add `pk = \"PREFIX#{field}\"` to #[dynorm(...)] \
                 or mark a field #[dynorm(partition_key)]",
            );
        }
        let entity = options.entity.as_ref().map(|e| EntityDef {
            attribute: options
                .entity_attr
                .as_ref()
                .map_or_else(|| "entity_type".to_owned(), LitStr::value),
            name: e
                .name
                .as_ref()
                .map_or_else(|| self.ident.to_string(), LitStr::value),
        });
        if let (Some(attr), None) = (&options.entity_attr, &options.entity) {
            errors.spanned(
                attr,
                "`entity_attr` needs `entity` (or `entity = \"Name\"`)",
            );
        }
        if let Some(e) = &options.entity {
            if let Some(name) = &e.name {
                if name.value().is_empty() {
                    errors.spanned(name, "the entity name must not be empty");
                }
            }
        }
        let ttl = options.ttl.as_ref().and_then(|lit| {
            self.field_index(lit, "ttl", errors)
                .map(|i| self.fields[i].serde_name.clone())
        });
        let mut indexes: Vec<IndexDef> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for index in &options.indexes {
            if !index.global && options.partition_key.is_some() {
                // Refused with field-list keys (field_list_keys::resolve).
                continue;
            }
            if let Some(name) = &index.name {
                if seen.contains(&name.value()) {
                    errors.spanned(name, format!("duplicate index name `{}`", name.value()));
                }
                seen.push(name.value());
            }
            if let Some(def) = self.index(index, partition_key.as_ref(), sort_key.is_some(), errors)
            {
                indexes.push(def);
            }
        }
        let model = (table?, partition_key?, sort_key, entity, indexes, ttl);
        self.check_attribute_names(&model, errors);
        Some(model)
    }

    /// A versioned model's partition key: its `entity_id` field, alone.
    /// Checks that the version fields are there.
    fn versioned_key(
        &self,
        versioned: &VersionedOption,
        options: &ModelOptions,
        declared: Option<KeyDef>,
        has_sort_key: bool,
        errors: &mut Errors,
    ) -> Option<KeyDef> {
        let missing: Vec<String> = VERSIONED_FIELDS
            .iter()
            .filter(|(name, _)| {
                !self
                    .fields
                    .iter()
                    .any(|f| f.stored && f.serde_name == *name)
            })
            .map(|(name, ty)| format!("`{name}: {}`", ty.unwrap_or("ChangedOn")))
            .collect();
        if !missing.is_empty() {
            errors.at(
                versioned.span,
                format!(
                    "a versioned model stores its versions in the fields entity_id, version, \
                     previous_version, active, changed_by_id and changed_on; `{}` lacks {}",
                    self.ident,
                    missing.join(", ")
                ),
            );
        }
        if let Some(lit) = &options.pk {
            errors.spanned(
                lit,
                "a versioned model is keyed by its `entity_id` field alone; remove `pk`",
            );
        }
        if has_sort_key {
            errors.at(
                versioned.span,
                "a versioned model is keyed by its `entity_id` field alone: it has no sort key",
            );
        }
        let entity_id = self
            .fields
            .iter()
            .position(|f| f.serde_name == "entity_id")?;
        match declared {
            Some(KeyDef {
                source: KeySource::Field(i),
                ..
            }) if i == entity_id => {}
            Some(_) if options.pk.is_some() => return None,
            Some(_) => {
                errors.at(
                    versioned.span,
                    "a versioned model is keyed by its `entity_id` field alone; \
                     remove #[dynorm(partition_key)] from the other field",
                );
                return None;
            }
            None => {}
        }
        Some(KeyDef {
            attribute: "entity_id".to_owned(),
            source: KeySource::Field(entity_id),
        })
    }

    /// The table's keys from templates or marked fields.
    fn primary_keys(
        &self,
        options: &ModelOptions,
        errors: &mut Errors,
    ) -> (Option<KeyDef>, Option<KeyDef>) {
        let partition_key = self.primary_key(
            "partition",
            options.pk.as_ref(),
            options.pk_attr.as_ref(),
            "pk",
            |f| f.partition_key,
            errors,
        );
        let sort_key = self.primary_key(
            "sort",
            options.sk.as_ref(),
            options.sk_attr.as_ref(),
            "sk",
            |f| f.sort_key,
            errors,
        );
        (partition_key, sort_key)
    }

    fn has_partition_source(&self, options: &ModelOptions) -> bool {
        options.pk.is_some()
            || options.partition_key.is_some()
            || self.fields.iter().any(|f| f.partition_key.is_some())
    }

    /// The table's partition or sort key from a template or a marked field.
    fn primary_key(
        &self,
        which: &str,
        template: Option<&LitStr>,
        attr: Option<&LitStr>,
        default_attr: &str,
        marker: impl Fn(&FieldDef) -> Option<Span>,
        errors: &mut Errors,
    ) -> Option<KeyDef> {
        let marked: Vec<usize> = (0..self.fields.len())
            .filter(|&i| marker(&self.fields[i]).is_some())
            .collect();
        let option_name = default_attr;
        for &extra in marked.iter().skip(1) {
            let span = marker(&self.fields[extra]).unwrap_or_else(Span::call_site);
            errors.at(
                span,
                format!(
                    "`{which}_key` is on more than one field (`{}` and `{}`); a table has one {which} key",
                    self.fields[marked[0]].name, self.fields[extra].name
                ),
            );
        }
        if let (Some(lit), Some(&first)) = (template, marked.first()) {
            let span = marker(&self.fields[first]).unwrap_or_else(Span::call_site);
            errors.at(
                span,
                format!(
                    "the {which} key is given twice: by `{option_name} = {:?}` and by \
                     #[dynorm({which}_key)] on `{}`; keep one",
                    lit.value(),
                    self.fields[first].name
                ),
            );
            return None;
        }
        if let Some(lit) = template {
            let attribute = match attr {
                Some(a) => {
                    check_attribute(a, errors);
                    a.value()
                }
                None => default_attr.to_owned(),
            };
            return self.template(lit, errors).map(|template| KeyDef {
                attribute,
                source: KeySource::Template {
                    template,
                    lit: lit.clone(),
                },
            });
        }
        if let Some(a) = attr {
            errors.spanned(
                a,
                format!(
                    "`{option_name}_attr` names the attribute of a template key; \
                     it needs `{option_name} = \"...\"`"
                ),
            );
        }
        let &index = marked.first()?;
        let field = &self.fields[index];
        if field.option_inner.is_some() {
            let span = marker(field).unwrap_or_else(Span::call_site);
            errors.at(
                span,
                format!(
                    "the table's {which} key field `{}` cannot be an Option: every item needs it",
                    field.name
                ),
            );
            return None;
        }
        Some(KeyDef {
            attribute: field.serde_name.clone(),
            source: KeySource::Field(index),
        })
    }

    fn index(
        &self,
        index: &IndexOptions,
        table_pk: Option<&KeyDef>,
        table_has_sort_key: bool,
        errors: &mut Errors,
    ) -> Option<IndexDef> {
        let kind = if index.global {
            "global_index"
        } else {
            "local_index"
        };
        let Some(name_lit) = &index.name else {
            errors.at(index.span, format!("{kind} needs `name = \"...\"`"));
            return None;
        };
        check_name(name_lit, "index", errors);
        let name = name_lit.value();
        let partition_key = if index.global {
            let attr = index.pk_attr.as_ref().map_or_else(
                || format!("gsi_pk_{name}"),
                |a| {
                    check_attribute(a, errors);
                    a.value()
                },
            );
            match (&index.pk, &index.pk_field) {
                (Some(_), Some(field)) => {
                    errors.spanned(
                        field,
                        format!("index `{name}`: give `pk` or `pk_field`, not both"),
                    );
                    None
                }
                (None, None) => {
                    errors.at(
                        index.span,
                        format!(
                            "global index `{name}` needs `pk = \"...\"` or `pk_field = \"...\"`"
                        ),
                    );
                    None
                }
                (Some(lit), None) => self.template(lit, errors).map(|template| KeyDef {
                    attribute: attr,
                    source: KeySource::Template {
                        template,
                        lit: lit.clone(),
                    },
                }),
                (None, Some(field)) => {
                    self.index_field_key(field, index.pk_attr.as_ref(), "pk", errors)
                }
            }
        } else {
            if !table_has_sort_key {
                errors.at(
                    index.span,
                    format!(
                        "local index `{name}` needs a table with a sort key (DynamoDB allows \
                         local indexes only on tables with a composite primary key)"
                    ),
                );
            }
            table_pk.cloned()
        };
        let sk_attr = index.sk_attr.as_ref().map_or_else(
            || {
                if index.global {
                    format!("gsi_sk_{name}")
                } else {
                    format!("lsi_sk_{name}")
                }
            },
            |a| {
                check_attribute(a, errors);
                a.value()
            },
        );
        let sort_key = match (&index.sk, &index.sk_field) {
            (Some(_), Some(field)) => {
                errors.spanned(
                    field,
                    format!("index `{name}`: give `sk` or `sk_field`, not both"),
                );
                return None;
            }
            (None, None) => {
                if !index.global {
                    errors.at(
                        index.span,
                        format!(
                            "local index `{name}` needs `sk = \"...\"` or `sk_field = \"...\"`"
                        ),
                    );
                    return None;
                }
                if let Some(a) = &index.sk_attr {
                    errors.spanned(a, format!("index `{name}`: `sk_attr` needs `sk = \"...\"`"));
                }
                None
            }
            (Some(lit), None) => Some(KeyDef {
                attribute: sk_attr,
                source: KeySource::Template {
                    template: self.template(lit, errors)?,
                    lit: lit.clone(),
                },
            }),
            (None, Some(field)) => {
                Some(self.index_field_key(field, index.sk_attr.as_ref(), "sk", errors)?)
            }
        };
        let projection = match &index.projection {
            None | Some(ProjectionOption::All) => ProjectionDef::All,
            Some(ProjectionOption::KeysOnly) => ProjectionDef::KeysOnly,
            Some(ProjectionOption::Include(names)) => {
                for n in names {
                    check_attribute(n, errors);
                }
                ProjectionDef::Include(names.iter().map(LitStr::value).collect())
            }
        };
        let partition_key = partition_key?;
        if let Some(sk) = &sort_key {
            if sk.attribute == partition_key.attribute {
                errors.spanned(
                    name_lit,
                    format!(
                        "index `{name}` uses attribute `{}` as both partition and sort key",
                        sk.attribute
                    ),
                );
            }
        }
        Some(IndexDef {
            name,
            global: index.global,
            partition_key,
            sort_key,
            projection,
        })
    }

    fn index_field_key(
        &self,
        field: &LitStr,
        attr: Option<&LitStr>,
        which: &str,
        errors: &mut Errors,
    ) -> Option<KeyDef> {
        if let Some(a) = attr {
            errors.spanned(
                a,
                format!(
                    "`{which}_attr` cannot rename a `{which}_field` key: the attribute is the \
                     field's own (serde) name"
                ),
            );
        }
        let index = self.field_index(field, &format!("{which}_field"), errors)?;
        Some(KeyDef {
            attribute: self.fields[index].serde_name.clone(),
            source: KeySource::Field(index),
        })
    }

    fn field_index(&self, lit: &LitStr, option: &str, errors: &mut Errors) -> Option<usize> {
        let name = lit.value();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        let found = self.fields.iter().position(|f| f.name == name);
        if found.is_none() {
            errors.spanned(
                lit,
                format!(
                    "`{option}` names `{name}`, which is not a field of `{}`{}",
                    self.ident,
                    self.field_list()
                ),
            );
        }
        found
    }

    fn template(&self, lit: &LitStr, errors: &mut Errors) -> Option<Template> {
        let template = match Template::parse(&lit.value()) {
            Ok(t) => t,
            Err(message) => {
                errors.spanned(lit, message);
                return None;
            }
        };
        let mut ok = true;
        for name in template.fields() {
            if !self.fields.iter().any(|f| f.name == name) {
                errors.spanned(
                    lit,
                    format!(
                        "template `{}` uses `{{{name}}}`, which is not a field of `{}`{}",
                        template.source,
                        self.ident,
                        self.field_list()
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(template)
    }

    fn field_list(&self) -> String {
        if self.fields.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = self.fields.iter().map(|f| f.name.as_str()).collect();
        format!(" (fields: {})", names.join(", "))
    }

    /// Derived attributes must not collide with serde-written fields, nor with
    /// each other unless they are the same template.
    fn check_attribute_names(&self, model: &Resolved, errors: &mut Errors) {
        let (_, pk, sk, entity, indexes, _) = model;
        let mut derived: Vec<(&str, &Template, &LitStr)> = Vec::new();
        let keys = std::iter::once(pk).chain(sk.as_ref()).chain(
            indexes
                .iter()
                .filter(|i| i.global)
                .flat_map(|i| std::iter::once(&i.partition_key).chain(i.sort_key.as_ref())),
        );
        let keys = keys.chain(
            indexes
                .iter()
                .filter(|i| !i.global)
                .flat_map(|i| i.sort_key.as_ref()),
        );
        for key in keys {
            let KeySource::Template { template, lit } = &key.source else {
                continue;
            };
            if let Some(field) = self.fields.iter().find(|f| f.serde_name == key.attribute) {
                errors.spanned(
                    lit,
                    format!(
                        "the key built from this template is stored in attribute `{}`, which is \
                         also the field `{}`; choose another attribute name (`pk_attr`/`sk_attr`)",
                        key.attribute, field.name
                    ),
                );
            }
            match derived.iter().find(|(attr, _, _)| *attr == key.attribute) {
                Some((_, other, _)) if other.segments != template.segments => errors.spanned(
                    lit,
                    format!(
                        "attribute `{}` is built from two different templates (`{}` and `{}`)",
                        key.attribute, other.source, template.source
                    ),
                ),
                Some(_) => {}
                None => derived.push((&key.attribute, template, lit)),
            }
        }
        if let Some(e) = entity {
            if let Some(field) = self.fields.iter().find(|f| f.serde_name == e.attribute) {
                errors.spanned(
                    &field.ident,
                    format!(
                        "field `{}` is stored in `{}`, the entity type attribute; set \
                         `entity_attr = \"...\"` to another name",
                        field.name, e.attribute
                    ),
                );
            }
            let key_attribute = derived.iter().any(|(attr, _, _)| *attr == e.attribute)
                || pk.attribute == e.attribute
                || sk.as_ref().is_some_and(|k| k.attribute == e.attribute);
            if key_attribute {
                errors.spanned(
                    self.ident,
                    format!(
                        "the entity type attribute `{}` is also a key attribute",
                        e.attribute
                    ),
                );
            }
        }
        if let Some(sk) = sk {
            if sk.attribute == pk.attribute {
                errors.spanned(
                    self.ident,
                    format!(
                        "partition and sort key both use attribute `{}`",
                        pk.attribute
                    ),
                );
            }
        }
    }
}

/// Table and index names: 1 to 255 of `a-z A-Z 0-9 _ - .`.
fn check_name(lit: &LitStr, what: &str, errors: &mut Errors) {
    let value = lit.value();
    let valid = !value.is_empty()
        && value.len() <= 255
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid {
        errors.spanned(
            lit,
            format!(
                "invalid {what} name `{value}`: DynamoDB allows 1 to 255 characters \
                 among a-z, A-Z, 0-9, `_`, `-` and `.`"
            ),
        );
    }
}

fn check_attribute(lit: &LitStr, errors: &mut Errors) {
    if lit.value().is_empty() {
        errors.spanned(lit, "attribute names must not be empty");
    }
}
