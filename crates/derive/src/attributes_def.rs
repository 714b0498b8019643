//! The checked description of a struct deriving `Attributes`: its stored
//! fields and the names serde gives them.

use crate::codegen::paths::PathField;
use crate::serde_names::{self, SerdeField};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

/// One stored field.
struct StoredField {
    ident: Ident,
    name: String,
    vis: Visibility,
    ty: Type,
    serde_name: String,
}

/// A struct deriving `Attributes`.
pub struct AttributesDef {
    ident: Ident,
    vis: Visibility,
    fields: Vec<StoredField>,
}

impl AttributesDef {
    /// Reads and checks a `#[derive(Attributes)]` input: a non-generic struct
    /// with named fields that serde writes as a map.
    pub fn from_input(input: &DeriveInput) -> syn::Result<AttributesDef> {
        let not_named = || {
            syn::Error::new_spanned(
                &input.ident,
                "Attributes can only be derived for structs with named fields",
            )
        };
        let Data::Struct(data) = &input.data else {
            return Err(not_named());
        };
        let Fields::Named(named) = &data.fields else {
            return Err(not_named());
        };
        if !input.generics.params.is_empty() {
            return Err(syn::Error::new_spanned(
                &input.generics,
                "Attributes cannot be derived for generic structs",
            ));
        }
        if serde_names::has_flag(&input.attrs, "transparent") {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "a `#[serde(transparent)]` struct is stored as its one field, not as a map \
                 of fields: give the field's type the typed paths instead",
            ));
        }
        let rename_all = serde_names::container_rename_rule(&input.attrs);
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let name = ident.unraw().to_string();
                let serde = SerdeField::read(field, &name, rename_all);
                serde.stored.then(|| StoredField {
                    ident: ident.clone(),
                    name,
                    vis: field.vis.clone(),
                    ty: field.ty.clone(),
                    serde_name: serde.name,
                })
            })
            .collect();
        Ok(AttributesDef {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            fields,
        })
    }

    /// The struct's name.
    pub fn ident(&self) -> &Ident {
        &self.ident
    }

    /// The struct's visibility.
    pub fn vis(&self) -> &Visibility {
        &self.vis
    }

    /// The stored fields, as the path generator reads them.
    pub fn path_fields(&self) -> Vec<PathField<'_>> {
        self.fields
            .iter()
            .map(|f| PathField {
                ident: &f.ident,
                name: &f.name,
                vis: &f.vis,
                ty: &f.ty,
                serde_name: &f.serde_name,
            })
            .collect()
    }
}
