//! Code generation from a checked [`ModelDef`](crate::model_def::ModelDef).

mod constructors;
mod derived;
mod render;
mod schema;

use crate::model_def::ModelDef;
use proc_macro2::TokenStream;
use quote::quote;

/// The `impl Model` and the inherent key constructors.
pub fn expand(model: &ModelDef) -> TokenStream {
    let ident = &model.ident;
    let schema_fn = schema::schema_fn(model);
    let derived_fn = derived::derived_attributes_fn(model);
    let constructors = constructors::constructors(model);
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

        #[automatically_derived]
        impl #ident {
            #constructors
        }
    }
}
