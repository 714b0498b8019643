//! The struct's `#[dynorm(...)]` options, parsed as written (not yet checked
//! against the fields).

use crate::errors::Errors;
use crate::serde_names::skip_value;
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitBool, LitStr, Token};

/// `entity` or `entity = "Name"`.
pub struct EntityOption {
    /// The explicit name, when given.
    pub name: Option<LitStr>,
}

/// An index projection as written.
pub enum ProjectionOption {
    /// `"all"`
    All,
    /// `"keys_only"`
    KeysOnly,
    /// `include("a", "b")`
    Include(Vec<LitStr>),
}

/// One `global_index(...)` or `local_index(...)`.
pub struct IndexOptions {
    /// Global or local.
    pub global: bool,
    /// The `global_index` / `local_index` keyword.
    pub span: Span,
    /// `name`.
    pub name: Option<LitStr>,
    /// `pk` template.
    pub pk: Option<LitStr>,
    /// `sk` template.
    pub sk: Option<LitStr>,
    /// `pk_field`.
    pub pk_field: Option<LitStr>,
    /// `sk_field`.
    pub sk_field: Option<LitStr>,
    /// `pk_attr`.
    pub pk_attr: Option<LitStr>,
    /// `sk_attr`.
    pub sk_attr: Option<LitStr>,
    /// `projection`.
    pub projection: Option<ProjectionOption>,
}

/// Every struct-level option.
#[derive(Default)]
pub struct ModelOptions {
    /// `table`.
    pub table: Option<LitStr>,
    /// `pk` template.
    pub pk: Option<LitStr>,
    /// `sk` template.
    pub sk: Option<LitStr>,
    /// `pk_attr`.
    pub pk_attr: Option<LitStr>,
    /// `sk_attr`.
    pub sk_attr: Option<LitStr>,
    /// `entity`.
    pub entity: Option<EntityOption>,
    /// `entity_attr`.
    pub entity_attr: Option<LitStr>,
    /// `ttl`.
    pub ttl: Option<LitStr>,
    /// Indexes, in declaration order.
    pub indexes: Vec<IndexOptions>,
    /// `hooks`: the user implements `Hooks`.
    pub hooks: Option<Span>,
    /// `skip_hooks`.
    pub skip_hooks: Option<Span>,
    /// `max_size = N`.
    pub max_size: Option<usize>,
    /// `versioned` or `versioned(audit_table = "...")`.
    pub versioned: Option<VersionedOption>,
    /// `partition_key = [field, ...]`.
    pub partition_key: Option<FieldListOption>,
    /// `sort_key = [field, ...]`.
    pub sort_key: Option<FieldListOption>,
    /// `partition_key_name`.
    pub partition_key_name: Option<LitStr>,
    /// `sort_key_name`.
    pub sort_key_name: Option<LitStr>,
    /// `key_separator`.
    pub key_separator: Option<LitStr>,
    /// `suffix_partition_key`.
    pub suffix_partition_key: Option<LitBool>,
    /// `prefix_sort_key`.
    pub prefix_sort_key: Option<LitBool>,
    /// `table_has_sort_key`.
    pub table_has_sort_key: Option<LitBool>,
}

/// `partition_key = [a, b]` or `sort_key = [c]`: the fields of a key the
/// conventions write.
pub struct FieldListOption {
    /// The option's name.
    pub span: Span,
    /// The fields, as written.
    pub fields: Vec<Ident>,
}

/// `versioned` or `versioned(audit_table = "...")`.
pub struct VersionedOption {
    /// The `versioned` keyword.
    pub span: Span,
    /// `audit_table`.
    pub audit_table: Option<LitStr>,
}

const MODEL_OPTIONS: &str = "table, pk, sk, pk_attr, sk_attr, entity, entity_attr, ttl, \
                             global_index, local_index, hooks, skip_hooks, max_size, versioned, \
                             partition_key, sort_key, partition_key_name, sort_key_name, \
                             key_separator, suffix_partition_key, prefix_sort_key, \
                             table_has_sort_key";

impl ModelOptions {
    /// Reads every `#[dynorm(...)]` attribute of the struct.
    pub fn parse(attrs: &[Attribute], errors: &mut Errors) -> ModelOptions {
        let mut options = ModelOptions::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("dynorm")) {
            if let Err(e) = attr.parse_nested_meta(|meta| options.parse_one(&meta, errors)) {
                errors.push(e);
            }
        }
        options
    }

    fn parse_one(&mut self, meta: &ParseNestedMeta<'_>, errors: &mut Errors) -> syn::Result<()> {
        let path = &meta.path;
        let slot = if path.is_ident("table") {
            &mut self.table
        } else if path.is_ident("pk") {
            &mut self.pk
        } else if path.is_ident("sk") {
            &mut self.sk
        } else if path.is_ident("pk_attr") {
            &mut self.pk_attr
        } else if path.is_ident("sk_attr") {
            &mut self.sk_attr
        } else if path.is_ident("entity_attr") {
            &mut self.entity_attr
        } else if path.is_ident("partition_key_name") {
            &mut self.partition_key_name
        } else if path.is_ident("sort_key_name") {
            &mut self.sort_key_name
        } else if path.is_ident("key_separator") {
            &mut self.key_separator
        } else if path.is_ident("partition_key") || path.is_ident("sort_key") {
            let list = parse_field_list(meta, errors)?;
            let slot = if path.is_ident("partition_key") {
                &mut self.partition_key
            } else {
                &mut self.sort_key
            };
            if slot.is_some() {
                errors.spanned(path, format!("duplicate `{}` option", path_text(meta)));
            }
            *slot = Some(list);
            return Ok(());
        } else if path.is_ident("suffix_partition_key")
            || path.is_ident("prefix_sort_key")
            || path.is_ident("table_has_sort_key")
        {
            let slot = if path.is_ident("suffix_partition_key") {
                &mut self.suffix_partition_key
            } else if path.is_ident("prefix_sort_key") {
                &mut self.prefix_sort_key
            } else {
                &mut self.table_has_sort_key
            };
            let lit: LitBool = meta.value()?.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    format!("`{}` expects `true` or `false`", path_text(meta)),
                )
            })?;
            if slot.is_some() {
                errors.spanned(path, format!("duplicate `{}` option", path_text(meta)));
            }
            *slot = Some(lit);
            return Ok(());
        } else if path.is_ident("ttl") {
            &mut self.ttl
        } else if path.is_ident("entity") {
            let name = if meta.input.peek(Token![=]) {
                Some(meta.value()?.parse::<LitStr>()?)
            } else {
                None
            };
            if self.entity.is_some() {
                errors.spanned(path, "duplicate `entity` option");
            }
            self.entity = Some(EntityOption { name });
            return Ok(());
        } else if path.is_ident("hooks") || path.is_ident("skip_hooks") {
            let slot = if path.is_ident("hooks") {
                &mut self.hooks
            } else {
                &mut self.skip_hooks
            };
            if slot.is_some() {
                errors.spanned(path, format!("duplicate `{}` option", path_text(meta)));
            }
            *slot = Some(ident_span(meta));
            return Ok(());
        } else if path.is_ident("max_size") {
            let lit: syn::LitInt = meta.value()?.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "`max_size` expects an integer number of bytes, e.g. `max_size = 10_000`",
                )
            })?;
            let value = lit.base10_parse::<usize>()?;
            if value == 0 {
                errors.spanned(&lit, "`max_size` must be at least 1 byte");
            }
            if self.max_size.is_some() {
                errors.spanned(path, "duplicate `max_size` option");
            }
            self.max_size = Some(value);
            return Ok(());
        } else if path.is_ident("versioned") {
            let mut option = VersionedOption {
                span: ident_span(meta),
                audit_table: None,
            };
            if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("audit_table") {
                        set_string(&mut option.audit_table, &inner, errors)
                    } else {
                        errors.spanned(
                            &inner.path,
                            format!(
                                "unknown `versioned` option `{}`; expected: audit_table",
                                path_text(&inner)
                            ),
                        );
                        skip_value(&inner)
                    }
                })?;
            }
            if self.versioned.is_some() {
                errors.spanned(path, "duplicate `versioned` option");
            }
            self.versioned = Some(option);
            return Ok(());
        } else if path.is_ident("global_index") || path.is_ident("local_index") {
            let index = IndexOptions::parse(meta, path.is_ident("global_index"), errors)?;
            self.indexes.push(index);
            return Ok(());
        } else {
            errors.spanned(
                path,
                format!(
                    "unknown dynorm option `{}`; expected one of: {MODEL_OPTIONS}",
                    path_text(meta)
                ),
            );
            return skip_value(meta);
        };
        set_string(slot, meta, errors)
    }
}

const GLOBAL_INDEX_OPTIONS: &str = "name, pk, sk, pk_field, sk_field, pk_attr, sk_attr, projection";
const LOCAL_INDEX_OPTIONS: &str = "name, sk, sk_field, sk_attr, projection";

impl IndexOptions {
    fn parse(
        meta: &ParseNestedMeta<'_>,
        global: bool,
        errors: &mut Errors,
    ) -> syn::Result<IndexOptions> {
        let mut index = IndexOptions {
            global,
            span: ident_span(meta),
            name: None,
            pk: None,
            sk: None,
            pk_field: None,
            sk_field: None,
            pk_attr: None,
            sk_attr: None,
            projection: None,
        };
        meta.parse_nested_meta(|inner| {
            let path = &inner.path;
            let partition_option =
                path.is_ident("pk") || path.is_ident("pk_field") || path.is_ident("pk_attr");
            if !global && partition_option {
                errors.spanned(
                    path,
                    format!(
                        "a local index shares the table's partition key: `{}` is not allowed \
                         in `local_index` (expected one of: {LOCAL_INDEX_OPTIONS})",
                        path_text(&inner)
                    ),
                );
                return skip_value(&inner);
            }
            let slot = if path.is_ident("name") {
                &mut index.name
            } else if path.is_ident("pk") {
                &mut index.pk
            } else if path.is_ident("sk") {
                &mut index.sk
            } else if path.is_ident("pk_field") {
                &mut index.pk_field
            } else if path.is_ident("sk_field") {
                &mut index.sk_field
            } else if path.is_ident("pk_attr") {
                &mut index.pk_attr
            } else if path.is_ident("sk_attr") {
                &mut index.sk_attr
            } else if path.is_ident("projection") {
                let projection = parse_projection(&inner)?;
                if index.projection.is_some() {
                    errors.spanned(path, "duplicate `projection` option");
                }
                index.projection = Some(projection);
                return Ok(());
            } else {
                let expected = if global {
                    GLOBAL_INDEX_OPTIONS
                } else {
                    LOCAL_INDEX_OPTIONS
                };
                errors.spanned(
                    path,
                    format!(
                        "unknown index option `{}`; expected one of: {expected}",
                        path_text(&inner)
                    ),
                );
                return skip_value(&inner);
            };
            set_string(slot, &inner, errors)
        })?;
        Ok(index)
    }
}

/// `projection = "all" | "keys_only" | include("a", "b")`.
fn parse_projection(meta: &ParseNestedMeta<'_>) -> syn::Result<ProjectionOption> {
    let input = meta.value()?;
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return match lit.value().as_str() {
            "all" | "ALL" => Ok(ProjectionOption::All),
            "keys_only" | "KEYS_ONLY" => Ok(ProjectionOption::KeysOnly),
            other => Err(syn::Error::new_spanned(
                &lit,
                format!(
                    "unknown projection `{other}`; expected \"all\", \"keys_only\" \
                     or include(\"attr\", ...)"
                ),
            )),
        };
    }
    let ident: Ident = input.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            "expected a projection: \"all\", \"keys_only\" or include(\"attr\", ...)",
        )
    })?;
    if ident != "include" {
        return Err(syn::Error::new_spanned(
            &ident,
            format!(
                "unknown projection `{ident}`; expected \"all\", \"keys_only\" \
                 or include(\"attr\", ...)"
            ),
        ));
    }
    let content;
    syn::parenthesized!(content in input);
    let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    if names.is_empty() {
        return Err(syn::Error::new_spanned(
            &ident,
            "include(...) needs at least one attribute name; use \"keys_only\" for none",
        ));
    }
    Ok(ProjectionOption::Include(names.into_iter().collect()))
}

/// `[field, ...]` (an empty list is reported, and kept).
fn parse_field_list(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<FieldListOption> {
    let input = meta.value()?;
    let content;
    syn::bracketed!(content in input);
    let fields = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
    if fields.is_empty() {
        errors.spanned(
            &meta.path,
            format!(
                "`{} = []` lists no field; a key needs at least one",
                path_text(meta)
            ),
        );
    }
    Ok(FieldListOption {
        span: ident_span(meta),
        fields: fields.into_iter().collect(),
    })
}

fn set_string(
    slot: &mut Option<LitStr>,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<()> {
    let lit: LitStr = meta.value()?.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("`{}` expects a string literal", path_text(meta)),
        )
    })?;
    if slot.is_some() {
        errors.spanned(
            &meta.path,
            format!("duplicate `{}` option", path_text(meta)),
        );
    }
    *slot = Some(lit);
    Ok(())
}

fn path_text(meta: &ParseNestedMeta<'_>) -> String {
    let path = &meta.path;
    quote::quote!(#path).to_string().replace(' ', "")
}

fn ident_span(meta: &ParseNestedMeta<'_>) -> Span {
    syn::spanned::Spanned::span(&meta.path)
}
