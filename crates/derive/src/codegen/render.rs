//! Rendering a key template to a `String` expression.

use crate::fields::FieldDef;
use crate::template::{Segment, Template};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::Ident;

/// An expression of type `String`: the template with each placeholder replaced
/// by the `Display` of `value_of(field name)`.
pub fn render(template: &Template, value_of: impl Fn(&str) -> TokenStream) -> TokenStream {
    let mut format = String::new();
    let mut plain = String::new();
    let mut args = Vec::new();
    for segment in &template.segments {
        match segment {
            Segment::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                plain.push_str(text);
            }
            Segment::Field(name) => {
                format.push_str("{}");
                args.push(value_of(name));
            }
        }
    }
    if args.is_empty() {
        quote!(::std::string::String::from(#plain))
    } else {
        quote!(::std::format!(#format, #(#args),*))
    }
}

/// The local variable that holds a field's value while keys are built. It
/// carries the span of the field's type, so that a type without `Display`
/// is reported at the field.
pub fn binding(field: &FieldDef) -> Ident {
    format_ident!("__dynorm_{}", field.name, span = field.ty.span())
}
