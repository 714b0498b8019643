//! The struct's fields: Rust names, types, serde names and `#[dynorm(...)]` field options.

use crate::errors::Errors;
use crate::serde_names::{self, RenameRule, SerdeField};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Field, GenericArgument, Ident, PathArguments, Type, Visibility};

/// One named field of the model.
pub struct FieldDef {
    /// The identifier as written (possibly raw, `r#type`).
    pub ident: Ident,
    /// The name without `r#`, as templates and options refer to it.
    pub name: String,
    /// The field's visibility.
    pub vis: Visibility,
    /// The declared type.
    pub ty: Type,
    /// `T` when the type is `Option<T>`.
    pub option_inner: Option<Type>,
    /// The attribute name serde writes the field under.
    pub serde_name: String,
    /// Whether serde writes the field as an attribute of its own (not
    /// skipped, not flattened).
    pub stored: bool,
    /// Where `#[dynorm(partition_key)]` was written, if it was.
    pub partition_key: Option<Span>,
    /// Where `#[dynorm(sort_key)]` was written, if it was.
    pub sort_key: Option<Span>,
    /// `#[dynorm(generate = "uuid_v4" | "uuid_v7")]`: the kind and where it was written.
    pub generate: Option<(UuidKind, Span)>,
    /// Where `#[dynorm(created_at)]` was written, if it was.
    pub created_at: Option<Span>,
    /// Where `#[dynorm(updated_at)]` was written, if it was.
    pub updated_at: Option<Span>,
    /// `#[dynorm(s3(bucket = "...", prefix = "...", region = "..."))]`.
    pub s3: Option<S3Def>,
    /// `#[dynorm(encrypted(key = "...", context(name = "value", ...)))]`.
    pub encrypted: Option<EncryptedDef>,
    /// Where `#[dynorm(version)]` was written, if it was.
    pub version: Option<Span>,
    /// Where `#[dynorm(unique)]` was written, if it was.
    pub unique: Option<Span>,
}

/// An S3-backed field's options.
pub struct S3Def {
    /// The bucket.
    pub bucket: String,
    /// The object key prefix (may be empty).
    pub prefix: String,
    /// A region overriding the store's.
    pub region: Option<String>,
    /// Where `s3(...)` was written.
    pub span: Span,
}

/// An encrypted field's options.
pub struct EncryptedDef {
    /// The KMS key id, ARN or alias.
    pub key: String,
    /// The encryption context pairs, in the order written.
    pub context: Vec<(String, String)>,
    /// Where `encrypted(...)` was written.
    pub span: Span,
}

/// A generated uuid's version.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UuidKind {
    /// Random.
    V4,
    /// Time-ordered.
    V7,
}

const FIELD_OPTIONS: &str = "`partition_key`, `sort_key`, `generate = \"uuid_v4\" | \"uuid_v7\"`, \
     `created_at`, `updated_at`, `version`, `unique`, \
     `s3(bucket = \"...\", prefix = \"...\", region = \"...\")` or \
     `encrypted(key = \"...\", context(name = \"value\"))`";

/// Reads `encrypted(key = "...", context(name = "value", ...))`.
fn parse_encrypted(
    meta: &syn::meta::ParseNestedMeta<'_>,
    errors: &mut Errors,
) -> syn::Result<EncryptedDef> {
    let span = syn::spanned::Spanned::span(&meta.path);
    let mut key: Option<syn::LitStr> = None;
    let mut context: Vec<(String, String)> = Vec::new();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("key") {
            let lit: syn::LitStr = inner.value()?.parse()?;
            if key.is_some() {
                errors.spanned(&inner.path, "duplicate `encrypted` option `key`");
            }
            key = Some(lit);
            return Ok(());
        }
        if inner.path.is_ident("context") {
            return inner.parse_nested_meta(|pair| {
                let name = pair
                    .path
                    .get_ident()
                    .map(|i| i.unraw().to_string())
                    .unwrap_or_default();
                let value: syn::LitStr = pair.value()?.parse()?;
                if context.iter().any(|(n, _)| *n == name) {
                    errors.spanned(&pair.path, "duplicate encryption context name");
                }
                context.push((name, value.value()));
                Ok(())
            });
        }
        errors.spanned(
            &inner.path,
            "unknown `encrypted` option; expected `key` or `context(name = \"value\", ...)`",
        );
        serde_names::skip_value(&inner)
    })?;
    let key = match key {
        Some(k) if !k.value().is_empty() => k.value(),
        Some(k) => {
            errors.spanned(&k, "`key` must not be empty");
            String::new()
        }
        None => {
            errors.at(
                span,
                "`encrypted(...)` needs a KMS key: `encrypted(key = \"alias/my-key\")`",
            );
            String::new()
        }
    };
    Ok(EncryptedDef { key, context, span })
}

/// Reads `s3(bucket = "...", prefix = "...", region = "...")`.
fn parse_s3(meta: &syn::meta::ParseNestedMeta<'_>, errors: &mut Errors) -> syn::Result<S3Def> {
    let span = syn::spanned::Spanned::span(&meta.path);
    let (mut bucket, mut prefix, mut region) = (None, None, None);
    meta.parse_nested_meta(|inner| {
        let slot = if inner.path.is_ident("bucket") {
            &mut bucket
        } else if inner.path.is_ident("prefix") {
            &mut prefix
        } else if inner.path.is_ident("region") {
            &mut region
        } else {
            errors.spanned(
                &inner.path,
                "unknown `s3` option; expected `bucket`, `prefix` or `region`",
            );
            return serde_names::skip_value(&inner);
        };
        let lit: syn::LitStr = inner.value()?.parse()?;
        if slot.is_some() {
            errors.spanned(&inner.path, "duplicate `s3` option");
        }
        *slot = Some(lit);
        Ok(())
    })?;
    let bucket = match bucket {
        Some(b) if !b.value().is_empty() => b.value(),
        Some(b) => {
            errors.spanned(&b, "`bucket` must not be empty");
            String::new()
        }
        None => {
            errors.at(
                span,
                "`s3(...)` needs a bucket: `s3(bucket = \"my-bucket\")`",
            );
            String::new()
        }
    };
    Ok(S3Def {
        bucket,
        prefix: prefix.map(|p| p.value()).unwrap_or_default(),
        region: region.map(|r| r.value()),
        span,
    })
}

impl FieldDef {
    /// Reads a named field.
    pub fn parse(
        field: &Field,
        ident: &Ident,
        rename_all: Option<RenameRule>,
        errors: &mut Errors,
    ) -> FieldDef {
        let name = ident.unraw().to_string();
        let serde = SerdeField::read(field, &name, rename_all);
        let mut def = FieldDef {
            ident: ident.clone(),
            name,
            vis: field.vis.clone(),
            ty: field.ty.clone(),
            option_inner: option_inner(&field.ty),
            serde_name: serde.name,
            stored: serde.stored,
            partition_key: None,
            sort_key: None,
            generate: None,
            created_at: None,
            updated_at: None,
            s3: None,
            encrypted: None,
            version: None,
            unique: None,
        };
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("dynorm")) {
            let result = attr.parse_nested_meta(|meta| {
                let span = syn::spanned::Spanned::span(&meta.path);
                if meta.path.is_ident("generate") {
                    let lit: syn::LitStr = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            "`generate` expects a string: \"uuid_v4\" or \"uuid_v7\"",
                        )
                    })?;
                    let kind = match lit.value().as_str() {
                        "uuid_v4" | "uuid4" => UuidKind::V4,
                        "uuid_v7" | "uuid7" => UuidKind::V7,
                        other => {
                            errors.spanned(
                                &lit,
                                format!(
                                    "unknown generator `{other}`; expected \"uuid_v4\" or \"uuid_v7\""
                                ),
                            );
                            return Ok(());
                        }
                    };
                    if def.generate.is_some() {
                        errors.at(span, "duplicate dynorm field option `generate`");
                    }
                    def.generate = Some((kind, span));
                    return Ok(());
                }
                if meta.path.is_ident("s3") {
                    let s3 = parse_s3(&meta, errors)?;
                    if def.s3.is_some() {
                        errors.at(span, "duplicate dynorm field option `s3`");
                    }
                    def.s3 = Some(s3);
                    return Ok(());
                }
                if meta.path.is_ident("encrypted") {
                    let encrypted = parse_encrypted(&meta, errors)?;
                    if def.encrypted.is_some() {
                        errors.at(span, "duplicate dynorm field option `encrypted`");
                    }
                    def.encrypted = Some(encrypted);
                    return Ok(());
                }
                let slot = if meta.path.is_ident("partition_key") {
                    &mut def.partition_key
                } else if meta.path.is_ident("sort_key") {
                    &mut def.sort_key
                } else if meta.path.is_ident("created_at") {
                    &mut def.created_at
                } else if meta.path.is_ident("updated_at") {
                    &mut def.updated_at
                } else if meta.path.is_ident("version") {
                    &mut def.version
                } else if meta.path.is_ident("unique") {
                    &mut def.unique
                } else {
                    errors.spanned(
                        &meta.path,
                        format!("unknown dynorm field option; expected {FIELD_OPTIONS}"),
                    );
                    return serde_names::skip_value(&meta);
                };
                if slot.is_some() {
                    errors.at(span, "duplicate dynorm field option");
                }
                *slot = Some(span);
                Ok(())
            });
            if let Err(e) = result {
                errors.push(e);
            }
        }
        if let Some(s3) = &def.s3 {
            if def.partition_key.is_some() || def.sort_key.is_some() {
                errors.at(s3.span, "an S3-backed field cannot be a key");
            }
        } else if names_s3_object(def.value_type()) {
            errors.spanned(
                &field.ty,
                "an `S3Object` field needs `#[dynorm(s3(bucket = \"...\"))]` to say where its files go",
            );
        }
        if let Some(encrypted) = &def.encrypted {
            if def.partition_key.is_some() || def.sort_key.is_some() {
                errors.at(encrypted.span, "an encrypted field cannot be a key");
            } else if def.s3.is_some() {
                errors.at(
                    encrypted.span,
                    "a field cannot be both S3-backed and encrypted",
                );
            } else if !def.stored {
                errors.at(
                    encrypted.span,
                    "an encrypted field must be stored as an attribute of its own (not skipped or flattened)",
                );
            }
        } else if names_encrypted(def.value_type()) {
            errors.spanned(
                &field.ty,
                "an `Encrypted` field needs `#[dynorm(encrypted(key = \"...\"))]` to say which KMS key encrypts it",
            );
        }
        def
    }

    /// The type a key value of this field has: `T` for `Option<T>`, else the field type.
    pub fn value_type(&self) -> &Type {
        self.option_inner.as_ref().unwrap_or(&self.ty)
    }
}

/// Whether the type's last path segment is `S3Object`.
fn names_s3_object(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "S3Object"))
}

/// Whether the type's last path segment is `Encrypted`.
fn names_encrypted(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Encrypted"))
}

/// `T` when `ty` is written `Option<T>` (or `std::option::Option<T>`, `core::option::Option<T>`).
fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let is_option = match segments.as_slice() {
        [one] => one == "Option",
        [a, b, c] => (a == "std" || a == "core") && b == "option" && c == "Option",
        _ => false,
    };
    if !is_option {
        return None;
    }
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_option() {
        let t: Type = syn::parse_quote!(Option<u32>);
        assert!(option_inner(&t).is_some());
        let t: Type = syn::parse_quote!(std::option::Option<String>);
        assert!(option_inner(&t).is_some());
        let t: Type = syn::parse_quote!(Vec<u32>);
        assert!(option_inner(&t).is_none());
        let t: Type = syn::parse_quote!(String);
        assert!(option_inner(&t).is_none());
    }
}
