//! `Model::schema`: a `static ModelSchema`.

use crate::fields::{FieldDef, UuidKind};
use crate::model_def::{
    GeneratedDef, GeneratedKindDef, IndexDef, KeyDef, KeySource, ModelDef, ProjectionDef,
    VERSIONED_FIELDS,
};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// `fn schema() -> &'static ModelSchema`.
pub fn schema_fn(model: &ModelDef) -> TokenStream {
    let type_name = model.ident.to_string();
    let table = &model.table;
    let partition_key = key_schema(&model.partition_key, &model.fields);
    let sort_key = option(
        model
            .sort_key
            .as_ref()
            .map(|k| key_schema(k, &model.fields)),
    );
    let entity = option(model.entity.as_ref().map(|e| {
        let attribute = &e.attribute;
        let name = &e.name;
        quote!(::dynorm::model::EntitySchema { attribute: #attribute, name: #name })
    }));
    let key_fields = model
        .key_source_fields()
        .into_iter()
        .map(|i| model.fields[i].serde_name.clone());
    let indexes = model.indexes.iter().map(|i| index_schema(i, &model.fields));
    let ttl = option(model.ttl.as_ref().map(|t| quote!(#t)));
    let generated = model
        .generated
        .iter()
        .map(|g| generated_schema(g, &model.fields));
    let hooks = model.hooks;
    let skip_hooks = model.skip_hooks;
    let max_size = option(model.max_size.map(|n| quote!(#n)));
    let s3_attributes = model.fields.iter().filter_map(s3_schema);
    let s3_checks = model.fields.iter().filter(|f| f.s3.is_some()).map(|f| {
        let ty = &f.ty;
        quote_spanned!(ty.span()=> __dynorm_s3_field::<#ty>();)
    });
    let encrypted_attributes = model.fields.iter().filter_map(encrypted_schema);
    let encrypted_checks = model
        .fields
        .iter()
        .filter(|f| f.encrypted.is_some())
        .map(|f| {
            let ty = &f.ty;
            quote_spanned!(ty.span()=> __dynorm_encrypted_field::<#ty>();)
        });
    let versioned =
        option(model.audit_table.as_ref().map(
            |audit_table| quote!(::dynorm::model::VersionedSchema { audit_table: #audit_table }),
        ));
    let versioned_checks = versioned_field_checks(model);
    let version_attribute = option(model.version.map(|i| {
        let attribute = &model.fields[i].serde_name;
        quote!(#attribute)
    }));
    let version_check = model.version.map(|i| {
        let ty = &model.fields[i].ty;
        let check = quote_spanned!(ty.span()=> __dynorm_version_field::<#ty>(););
        quote! {
            fn __dynorm_version_field<T: ::dynorm::model::VersionField>() {}
            #check
        }
    });
    let unique = model.unique.iter().map(|&i| {
        let field = &model.fields[i].name;
        let attribute = &model.fields[i].serde_name;
        quote!(::dynorm::model::UniqueField { field: #field, attribute: #attribute })
    });
    let field_list_keys = option(super::field_list_keys::schema_part(model));
    let schema_in_force = if model.conventions.is_some() {
        quote!(::dynorm::model::field_list_keys::schema_in_force(
            &__DYNORM_SCHEMA
        ))
    } else {
        quote!(&__DYNORM_SCHEMA)
    };
    quote! {
        fn schema() -> &'static ::dynorm::ModelSchema {
            static __DYNORM_SCHEMA: ::dynorm::ModelSchema = ::dynorm::ModelSchema {
                type_name: #type_name,
                table: #table,
                partition_key: #partition_key,
                sort_key: #sort_key,
                entity: #entity,
                key_fields: &[#(#key_fields),*],
                indexes: &[#(#indexes),*],
                ttl_attribute: #ttl,
                generated: &[#(#generated),*],
                hooks: #hooks,
                skip_hooks: #skip_hooks,
                max_size: #max_size,
                s3_attributes: &[#(#s3_attributes),*],
                encrypted_attributes: &[#(#encrypted_attributes),*],
                versioned: #versioned,
                version_attribute: #version_attribute,
                unique: &[#(#unique),*],
                field_list_keys: #field_list_keys,
            };
            #versioned_checks
            fn __dynorm_s3_field<T: ::dynorm::attributes::S3Field>() {}
            #(#s3_checks)*
            fn __dynorm_encrypted_field<T: ::dynorm::attributes::EncryptedField>() {}
            #(#encrypted_checks)*
            #version_check
            #schema_in_force
        }
    }
}

/// Compile errors at the type of a versioned model's version field that has
/// another type than the one the version steps write.
fn versioned_field_checks(model: &ModelDef) -> TokenStream {
    if model.audit_table.is_none() {
        return quote!();
    }
    let ident = &model.ident;
    let checks = VERSIONED_FIELDS.iter().filter_map(|(name, ty)| {
        let expected: syn::Type = syn::parse_str(match ty {
            Some("bool") => "bool",
            Some(_) => "::std::string::String",
            None => return None,
        })
        .ok()?;
        let field = model.fields.iter().find(|f| f.serde_name == *name)?;
        let member = &field.ident;
        let span = field.ty.span();
        Some(quote_spanned! {span=>
            const _: () = {
                fn __dynorm_version_field(m: &#ident) -> &#expected {
                    &m.#member
                }
            };
        })
    });
    quote!(#(#checks)*)
}

/// An `EncryptedAttributeSchema` for an encrypted field.
fn encrypted_schema(field: &FieldDef) -> Option<TokenStream> {
    let encrypted = field.encrypted.as_ref()?;
    let attribute = &field.serde_name;
    let key = &encrypted.key;
    let pairs = encrypted.context.iter().map(|(k, v)| quote!((#k, #v)));
    Some(quote!(::dynorm::attributes::EncryptedAttributeSchema {
        attribute: #attribute,
        key_id: #key,
        context: &[#(#pairs),*],
    }))
}

/// An `S3AttributeSchema` for an S3-backed field.
fn s3_schema(field: &FieldDef) -> Option<TokenStream> {
    let s3 = field.s3.as_ref()?;
    let attribute = &field.serde_name;
    let bucket = &s3.bucket;
    let prefix = &s3.prefix;
    let region = option(s3.region.as_ref().map(|r| quote!(#r)));
    Some(quote!(::dynorm::attributes::S3AttributeSchema {
        attribute: #attribute,
        bucket: #bucket,
        prefix: #prefix,
        region: #region,
    }))
}

/// A `GeneratedField`; the field's type is checked by the trait it must implement.
fn generated_schema(generated: &GeneratedDef, fields: &[FieldDef]) -> TokenStream {
    let field = &fields[generated.field];
    let name = &field.name;
    let attribute = &field.serde_name;
    let ty = &field.ty;
    let (kind, encoding) = match generated.kind {
        GeneratedKindDef::Uuid(version) => {
            let kind = match version {
                UuidKind::V4 => quote!(UuidV4),
                UuidKind::V7 => quote!(UuidV7),
            };
            let encoding = quote_spanned!(ty.span()=>
                ::dynorm::attributes::GeneratedField::uuid_encoding::<#ty>()
            );
            (kind, encoding)
        }
        GeneratedKindDef::CreatedAt | GeneratedKindDef::UpdatedAt => {
            let kind = if matches!(generated.kind, GeneratedKindDef::CreatedAt) {
                quote!(CreatedAt)
            } else {
                quote!(UpdatedAt)
            };
            let encoding = quote_spanned!(ty.span()=> ::core::option::Option::Some(
                <#ty as ::dynorm::attributes::TimestampField>::ENCODING
            ));
            (kind, encoding)
        }
    };
    quote! {
        ::dynorm::attributes::GeneratedField {
            field: #name,
            attribute: #attribute,
            kind: ::dynorm::attributes::GeneratedKind::#kind,
            encoding: #encoding,
        }
    }
}

fn index_schema(index: &IndexDef, fields: &[FieldDef]) -> TokenStream {
    let name = &index.name;
    let global = index.global;
    let partition_key = key_schema(&index.partition_key, fields);
    let sort_key = option(index.sort_key.as_ref().map(|k| key_schema(k, fields)));
    let projection = match &index.projection {
        ProjectionDef::All => quote!(::dynorm::model::IndexProjectionSchema::All),
        ProjectionDef::KeysOnly => quote!(::dynorm::model::IndexProjectionSchema::KeysOnly),
        ProjectionDef::Include(names) => {
            quote!(::dynorm::model::IndexProjectionSchema::Include(&[#(#names),*]))
        }
    };
    quote! {
        ::dynorm::model::IndexSchema {
            name: #name,
            global: #global,
            partition_key: #partition_key,
            sort_key: #sort_key,
            projection: #projection,
        }
    }
}

fn key_schema(key: &KeyDef, fields: &[FieldDef]) -> TokenStream {
    let attribute = &key.attribute;
    let (key_type, template, names) = match &key.source {
        KeySource::Template { template, .. } => {
            let source = &template.source;
            let names = template.fields();
            (
                quote!(::dynorm::backend::KeyType::S),
                quote!(::core::option::Option::Some(#source)),
                quote!(&[#(#names),*]),
            )
        }
        KeySource::FieldList(list) => {
            let names = list.iter().map(|&i| &fields[i].name);
            (
                quote!(::dynorm::backend::KeyType::S),
                quote!(::core::option::Option::Some("")),
                quote!(&[#(#names),*]),
            )
        }
        KeySource::Field(i) => {
            let field = &fields[*i];
            let ty = field.value_type();
            let name = &field.name;
            (
                quote_spanned!(ty.span()=> <#ty as ::dynorm::model::KeyValue>::KEY_TYPE),
                quote!(::core::option::Option::None),
                quote!(&[#name]),
            )
        }
    };
    quote! {
        ::dynorm::model::KeySchema {
            attribute: #attribute,
            key_type: #key_type,
            template: #template,
            fields: #names,
        }
    }
}

pub(super) fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}
