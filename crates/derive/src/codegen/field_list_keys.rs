//! The code of models whose keys are field lists: the schema's
//! `FieldListKeys`, the key attributes of `derived_attributes`, and
//! `key(..)`, `partition(..)`, `sort_key(..)` and `sort_prefix_*(..)`, all
//! calling `dynorm::model::field_list_keys`, which writes keys by the
//! conventions in force.

use super::constructors::{field_list, params};
use crate::model_def::{KeyDef, KeySource, ModelDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

fn fields_of(key: Option<&KeyDef>) -> &[usize] {
    match key.map(|k| &k.source) {
        Some(KeySource::FieldList(list)) => list,
        _ => &[],
    }
}

/// The partition and sort key fields (indexes into the model's fields).
fn lists(model: &ModelDef) -> (&[usize], &[usize]) {
    (
        fields_of(Some(&model.partition_key)),
        fields_of(model.sort_key.as_ref()),
    )
}

fn string(value: Option<&String>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn boolean(value: Option<bool>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The schema's `FieldListKeys`, for a model keyed by field lists.
pub fn schema_part(model: &ModelDef) -> Option<TokenStream> {
    let c = model.conventions.as_ref()?;
    let (partition, sort) = lists(model);
    let names = |list: &[usize]| {
        let names = list.iter().map(|&i| &model.fields[i].serde_name);
        quote!(&[#(#names),*])
    };
    let partition = names(partition);
    let sort = names(sort);
    let pk_name = string(c.partition_key_name.as_ref());
    let sk_name = string(c.sort_key_name.as_ref());
    let separator = string(c.key_separator.as_ref());
    let suffix = boolean(c.suffix_partition_key);
    let prefix = boolean(c.prefix_sort_key);
    let has_sort_key = boolean(c.table_has_sort_key);
    Some(quote! {
        ::dynorm::model::FieldListKeys {
            partition: #partition,
            sort: #sort,
            conventions: ::dynorm::model::conventions::Conventions::of_model(
                #pk_name, #sk_name, #separator, #suffix, #prefix, #has_sort_key,
            ),
            in_force: ::core::option::Option::None,
        }
    })
}

/// `[to_key_value(&<access>), ...]`, each spanned at its field's type (a
/// field that cannot be a key is reported there).
fn values(
    model: &ModelDef,
    list: &[usize],
    access: impl Fn(&syn::Ident) -> TokenStream,
) -> TokenStream {
    let values = list.iter().map(|&i| {
        let field = &model.fields[i];
        let value = access(&field.ident);
        let ty = &field.ty;
        quote_spanned!(ty.span()=> ::dynorm::model::ToKeyValue::to_key_value(&#value))
    });
    quote!([#(#values),*])
}

/// The statement of `derived_attributes` writing the key attributes.
pub fn write_keys(model: &ModelDef) -> Option<TokenStream> {
    model.conventions.as_ref()?;
    let (partition, sort) = lists(model);
    let partition = values(model, partition, |ident| quote!(self.#ident));
    let sort = values(model, sort, |ident| quote!(self.#ident));
    Some(quote! {
        ::dynorm::model::field_list_keys::write_keys::<Self>(&mut __dynorm_item, &#partition, &#sort);
    })
}

/// `key(..)`, `partition(..)`, `sort_key(..)` and one `sort_prefix_<fields>(..)`
/// per proper prefix of a composite sort key.
pub fn constructors(model: &ModelDef) -> TokenStream {
    let name = model.ident.to_string();
    let (partition, sort) = lists(model);
    let all: Vec<usize> = partition.iter().chain(sort).copied().collect();
    let (key_decl, key_conv) = params(model, &all);
    let (pk_decl, pk_conv) = params(model, partition);
    let pk_values = values(model, partition, |ident| quote!(#ident));
    let sk_values = values(model, sort, |ident| quote!(#ident));
    let key_doc = format!(
        "The primary key of a [`{name}`] from its key fields{}, written by the key \
         conventions in force.",
        field_list(model, &all)
    );
    let partition_doc = format!(
        "The partition of [`{name}`] items with these partition key fields{}, written by \
         the key conventions in force.",
        field_list(model, partition)
    );
    let mut sort_fns = Vec::new();
    if !sort.is_empty() {
        let (decl, conv) = params(model, sort);
        let doc = format!(
            "The sort key value of a [`{name}`] from its sort key fields{} (for `sort_eq`, \
             `sort_gt`, `sort_between`, ...).",
            field_list(model, sort)
        );
        sort_fns.push(quote! {
            #[doc = #doc]
            pub fn sort_key(#(#decl),*) -> ::dynorm::Value {
                #(#conv)*
                ::dynorm::model::field_list_keys::sort_key_value::<Self>(&#sk_values)
            }
        });
    }
    for len in 1..sort.len() {
        let first = &sort[..len];
        let (decl, conv) = params(model, first);
        let first_values = values(model, first, |ident| quote!(#ident));
        let names: Vec<&str> = first
            .iter()
            .map(|&i| model.fields[i].name.as_str())
            .collect();
        let fn_name = format_ident!("sort_prefix_{}", names.join("_"));
        let doc = format!(
            "The prefix of the sort keys of [`{name}`] items whose first sort key fields hold \
             these values{}, for `sort_begins_with`.",
            field_list(model, first)
        );
        sort_fns.push(quote! {
            #[doc = #doc]
            pub fn #fn_name(#(#decl),*) -> ::dynorm::Value {
                #(#conv)*
                ::dynorm::model::field_list_keys::sort_key_prefix::<Self>(&#first_values)
            }
        });
    }
    quote! {
        #[doc = #key_doc]
        pub fn key(#(#key_decl),*) -> ::dynorm::Key<Self> {
            #(#key_conv)*
            ::dynorm::model::field_list_keys::key::<Self>(&#pk_values, &#sk_values)
        }

        #[doc = #partition_doc]
        pub fn partition(#(#pk_decl),*) -> ::dynorm::Partition<Self> {
            #(#pk_conv)*
            ::dynorm::model::field_list_keys::partition::<Self>(&#pk_values)
        }

        #(#sort_fns)*
    }
}
