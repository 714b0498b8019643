//! Compile errors of `#[derive(Model)]`, checked against the expected messages and spans.

#[test]
fn compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
