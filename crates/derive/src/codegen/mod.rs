//! Code generation from a checked [`ModelDef`](crate::model_def::ModelDef).

mod constructors;
mod derived;
mod field_list_keys;
pub mod paths;
mod render;
mod schema;

use crate::attributes_def::AttributesDef;
use crate::model_def::ModelDef;
use paths::PathField;
use proc_macro2::TokenStream;
use quote::quote;

/// The `impl Model`, the inherent key constructors, `fields()` and the typed paths.
pub fn expand(model: &ModelDef) -> TokenStream {
    let ident = &model.ident;
    let schema_fn = schema::schema_fn(model);
    let derived_fn = derived::derived_attributes_fn(model);
    let constructors = constructors::constructors(model);
    let path_fields: Vec<PathField<'_>> = model
        .fields
        .iter()
        .filter(|f| f.stored)
        .map(|f| PathField {
            ident: &f.ident,
            name: &f.name,
            vis: &f.vis,
            ty: &f.ty,
            serde_name: &f.serde_name,
        })
        .collect();
    let attributes = paths::attributes_impl(ident, &model.vis, &path_fields);
    let fields_ident = paths::fields_ident(ident);
    let fields_doc = format!(
        "Typed paths of the attributes of [`{ident}`] (`{ident}::fields().name`), for \
         conditions, filters, updates and projections."
    );
    let hooks = if model.hooks {
        quote!()
    } else {
        quote! {
            #[automatically_derived]
            impl ::dynorm::model::Hooks for #ident {}
        }
    };
    quote! {
        #hooks

        #[automatically_derived]
        impl ::dynorm::Model for #ident {
            #schema_fn
            #derived_fn
        }

        #attributes

        #[automatically_derived]
        impl #ident {
            #constructors

            #[doc = #fields_doc]
            pub fn fields() -> #fields_ident {
                <Self as ::dynorm::expr::Attributes>::fields_under(::core::option::Option::None)
            }
        }
    }
}

/// The typed paths of a struct deriving `Attributes`.
pub fn expand_attributes(def: &AttributesDef) -> TokenStream {
    paths::attributes_impl(def.ident(), def.vis(), &def.path_fields())
}
