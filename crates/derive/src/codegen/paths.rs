//! Typed attribute paths: the `<Name>Fields` struct of one `FieldPath` per
//! stored field and `impl Attributes`, generated for models and for structs
//! deriving `Attributes`.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use syn::{Ident, Type, Visibility};

/// One stored field, as its path needs it.
pub struct PathField<'a> {
    /// The identifier as written (possibly raw).
    pub ident: &'a Ident,
    /// The name without `r#`.
    pub name: &'a str,
    /// The field's visibility, given to its path too.
    pub vis: &'a Visibility,
    /// The declared type.
    pub ty: &'a Type,
    /// The attribute name serde writes.
    pub serde_name: &'a str,
}

/// `<Name>Fields`, spanned at the struct's name so that a clash with another
/// item is reported there.
pub fn fields_ident(container: &Ident) -> Ident {
    format_ident!("{}Fields", container, span = container.span())
}

/// The `<Name>Fields` struct (visible as the container is) and
/// `impl Attributes for <Name>`.
pub fn attributes_impl(
    container: &Ident,
    vis: &Visibility,
    fields: &[PathField<'_>],
) -> TokenStream {
    let fields_ident = fields_ident(container);
    let struct_doc = format!(
        "Typed paths of the attributes of [`{container}`], one per stored field: \
         `{container}` implements `dynorm::expr::Attributes` with them."
    );
    let declarations = fields.iter().map(|f| {
        let PathField { ident, vis, .. } = f;
        let ty = replace_self(f.ty.to_token_stream(), container);
        let doc = if f.name == f.serde_name {
            format!("The path of `{}`.", f.name)
        } else {
            format!("The path of `{}`, stored as `{}`.", f.name, f.serde_name)
        };
        quote! {
            #[doc = #doc]
            #vis #ident: ::dynorm::expr::FieldPath<#ty>
        }
    });
    let values = fields.iter().map(|f| {
        let ident = f.ident;
        let serde_name = f.serde_name;
        quote!(#ident: ::dynorm::expr::FieldPath::under(parent, #serde_name))
    });
    quote! {
        #[doc = #struct_doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #fields_ident {
            #(#declarations,)*
        }

        #[automatically_derived]
        impl ::dynorm::expr::Attributes for #container {
            type Fields = #fields_ident;

            fn fields_under(
                parent: ::core::option::Option<&::dynorm::Path>,
            ) -> #fields_ident {
                #fields_ident {
                    #(#values,)*
                }
            }
        }
    }
}

/// The tokens with every `Self` replaced by the container's name: inside
/// `<Name>Fields`, `Self` would name that struct instead.
fn replace_self(tokens: TokenStream, container: &Ident) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == "Self" => {
                let mut name = container.clone();
                name.set_span(ident.span());
                TokenTree::Ident(name)
            }
            TokenTree::Group(group) => {
                let mut replaced =
                    Group::new(group.delimiter(), replace_self(group.stream(), container));
                replaced.set_span(group.span());
                TokenTree::Group(replaced)
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_becomes_the_container() {
        let ty: Type = syn::parse_quote!(Vec<Box<Self>>);
        let container: Ident = syn::parse_quote!(Node);
        let replaced: Type = syn::parse2(replace_self(ty.to_token_stream(), &container))
            .unwrap_or_else(|e| panic!("{e}"));
        let expected: Type = syn::parse_quote!(Vec<Box<Node>>);
        assert_eq!(replaced, expected);
    }
}
