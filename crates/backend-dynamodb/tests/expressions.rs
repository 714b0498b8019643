//! Core's expression parser against DynamoDB: a table of invalid expressions
//! of all five kinds, each with the error DynamoDB gives.
//!
//! With `DYNORM_DYNAMODB_ENDPOINT` set, every case is also sent through the raw
//! SDK to DynamoDB Local (PutItem for conditions, Scan for filters, Query for
//! key conditions, UpdateItem for updates, GetItem for projections) and Local's
//! answer must be a `ValidationException` with the same message as the
//! parser's. Without the endpoint the table runs against the parser alone.
//!
//! Where DynamoDB Local's wording differs from DynamoDB's, the case carries
//! both; core produces DynamoDB's and the two share a stable fragment:
//!
//! | case | DynamoDB (core) | DynamoDB Local |
//! | --- | --- | --- |
//! | no partition key equality | `Query condition missed key schema element: pk` | `Query condition missed key schema element` |
//! | a non-key attribute beside the partition key | `Query condition missed key schema element: sk` | `Query condition missed key schema element` |
//! | a key attribute as a nested path | `Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes` | `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk` |

#![allow(clippy::unwrap_used)]

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use dynorm::backend::{DeleteTableRequest, KeyAttribute, KeyType, TableDefinition};
use dynorm::expr::parse::ExpressionParser;
use dynorm::{Backend, Error, Value};
use dynorm_dynamodb::convert::value_to_attr;
use dynorm_dynamodb::DynamoDbBackend;
use std::collections::HashMap;

/// Which request parameter a case exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Condition,
    Filter,
    Key,
    Update,
    Projection,
}
use Kind::*;

/// One invalid expression and the error DynamoDB answers.
struct Case {
    kind: Kind,
    text: String,
    names: HashMap<String, String>,
    values: HashMap<String, Value>,
    /// DynamoDB's message (what core produces).
    expect: String,
    /// DynamoDB Local's message, where it differs, and the fragment both share.
    local: Option<(&'static str, &'static str)>,
}

fn n(x: i64) -> Value {
    Value::from(x)
}
fn s(x: &str) -> Value {
    Value::from(x)
}

fn case(kind: Kind, text: impl Into<String>, expect: impl Into<String>) -> Case {
    Case {
        kind,
        text: text.into(),
        names: HashMap::new(),
        values: HashMap::new(),
        expect: expect.into(),
        local: None,
    }
}

impl Case {
    fn v(mut self, key: &str, value: Value) -> Case {
        self.values.insert(key.to_owned(), value);
        self
    }
    fn name(mut self, key: &str, name: &str) -> Case {
        self.names.insert(key.to_owned(), name.to_owned());
        self
    }
    /// `:v` bound to the number 1.
    fn v1(self) -> Case {
        self.v(":v", n(1))
    }
    fn local(mut self, message: &'static str, fragment: &'static str) -> Case {
        self.local = Some((message, fragment));
        self
    }
}

const C: &str = "Invalid ConditionExpression: ";
const F: &str = "Invalid FilterExpression: ";
const K: &str = "Invalid KeyConditionExpression: ";
const U: &str = "Invalid UpdateExpression: ";
const P: &str = "Invalid ProjectionExpression: ";

fn syntax(prefix: &str, token: &str, near: &str) -> String {
    format!("{prefix}Syntax error; token: \"{token}\", near: \"{near}\"")
}

fn cases() -> Vec<Case> {
    let in_101 = (0..101).map(|i| format!(":v{i}")).collect::<Vec<_>>();
    let mut in_case = case(
        Condition,
        format!("a IN ({})", in_101.join(", ")),
        format!("{C}The IN operator is provided with too many operands; number of operands: 101"),
    );
    for (i, key) in in_101.iter().enumerate() {
        in_case = in_case.v(key, n(i as i64));
    }
    let ands = |k: usize| {
        (0..k)
            .map(|i| format!("a{i} = :v"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let deep_path = format!(
        "a{} = :v",
        (0..32).map(|i| format!(".b{i}")).collect::<String>()
    );
    let too_many_ops = |prefix: &str| {
        format!("{prefix}The expression contains too many operators; operator count: 301")
    };
    vec![
        // --- Syntax errors: token, and the text from the token before to the token after.
        case(Condition, "a = ", syntax(C, "<EOF>", "= ")),
        case(Condition, "a = :v AND", syntax(C, "<EOF>", "AND")).v1(),
        case(Condition, "(a = :v", syntax(C, "<EOF>", ":v")).v1(),
        case(Condition, "a = :v)", syntax(C, ")", ":v)")).v1(),
        case(Condition, "a == :v", syntax(C, "=", "== :v")).v1(),
        case(Condition, "a IN ()", syntax(C, ")", "()")),
        case(Condition, "a[x] = :v", syntax(C, "x", "[x]")).v1(),
        case(Condition, "a. = :v", syntax(C, "=", ". = :v")).v1(),
        case(Condition, "a[-1] = :v", syntax(C, "-", "[-1")).v1(),
        case(Condition, "a[1.5] = :v", syntax(C, ".", "1.5")).v1(),
        case(Condition, "a[01] = :v", syntax(C, "1", "01]")).v1(),
        case(Condition, "a = \"x\"", syntax(C, "\"", "= \"x")),
        case(Condition, "a = 1", syntax(C, "1", "= 1")),
        case(Condition, "   ", syntax(C, "<EOF>", "   ")),
        case(Condition, "a ! b", syntax(C, "!", "a ! b")),
        case(Condition, "1a = :v", syntax(C, "1", "1a")).v1(),
        case(Condition, "_a = :v", syntax(C, "_", "_a")).v1(),
        case(Condition, "é = :v", syntax(C, "é", "é =")).v1(),
        case(Condition, "a = :v ANDD b = :v", syntax(C, "ANDD", ":v ANDD b")).v1(),
        case(Condition, "a BETWEEN :v OR :w", syntax(C, "OR", ":v OR :w"))
            .v1()
            .v(":w", n(2)),
        case(Condition, "AND = :v", syntax(C, "AND", "AND =")).v1(),
        case(Condition, "a.between = :v", syntax(C, "between", ".between =")).v1(),
        case(Condition, "(a)", syntax(C, "<EOF>", ")")),
        case(Condition, "a = :v + :v", syntax(C, "+", ":v + :v")).v1(),
        case(Condition, "NOT", syntax(C, "<EOF>", "NOT")),
        case(Condition, "remove = :v", syntax(C, "remove", "remove =")).v1(),
        case(Condition, "", format!("{C}The expression can not be empty;")),
        // --- Placeholders.
        case(
            Condition,
            "a = :v",
            format!("{C}An expression attribute value used in expression is not defined; attribute value: :v"),
        ),
        case(
            Condition,
            "#x = :v",
            format!("{C}An expression attribute name used in the document path is not defined; attribute name: #x"),
        )
        .v1(),
        case(
            Condition,
            "a = :v",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :x}",
        )
        .v1()
        .v(":w", n(2))
        .v(":x", n(3)),
        case(
            Condition,
            "#a = :v",
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}",
        )
        .name("#a", "a")
        .name("#b", "b")
        .v1(),
        case(
            Condition,
            "a = :v",
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"",
        )
        .name("a", "b")
        .v1(),
        case(
            Condition,
            "#a = :v",
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a",
        )
        .name("#a", "")
        .v1(),
        case(
            Condition,
            format!("#{} = :v", "n".repeat(255)),
            "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256",
        )
        .name(&format!("#{}", "n".repeat(255)), "x")
        .v1(),
        case(
            Condition,
            format!("a = :{}", "v".repeat(255)),
            "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
        )
        .v(&format!(":{}", "v".repeat(255)), n(1)),
        // --- Reserved words.
        case(Condition, "name = :v", format!("{C}Attribute name is a reserved keyword; reserved keyword: name")).v1(),
        case(Condition, "NAME = :v", format!("{C}Attribute name is a reserved keyword; reserved keyword: NAME")).v1(),
        case(Condition, "a.status = :v", format!("{C}Attribute name is a reserved keyword; reserved keyword: status")).v1(),
        case(
            Condition,
            "a = :v AND b = :x AND name = :v",
            format!("{C}Attribute name is a reserved keyword; reserved keyword: name"),
        )
        .v1(),
        // --- Functions.
        case(Condition, "foo(a)", format!("{C}Invalid function name; function: foo")),
        case(Condition, "SIZE(a) > :v", format!("{C}Invalid function name; function: SIZE")).v1(),
        case(Condition, "foo(name)", format!("{C}Invalid function name; function: foo")),
        case(
            Condition,
            "attribute_exists(a, b)",
            format!("{C}Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        ),
        case(
            Condition,
            "contains(a)",
            format!("{C}Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1"),
        ),
        case(
            Condition,
            "begins_with(a, :v, :v)",
            format!("{C}Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3"),
        )
        .v(":v", s("x")),
        case(
            Condition,
            "attribute_exists(#x, :y)",
            format!("{C}An expression attribute name used in the document path is not defined; attribute name: #x"),
        ),
        case(Condition, "size(a)", format!("{C}The function is not allowed to be used this way in an expression; function: size")),
        case(
            Condition,
            "attribute_exists(a) = :v",
            format!("{C}The function is not allowed to be used this way in an expression; function: attribute_exists"),
        )
        .v1(),
        case(
            Condition,
            "attribute_exists(:v)",
            format!("{C}Operator or function requires a document path; operator or function: attribute_exists"),
        )
        .v1(),
        case(
            Condition,
            "attribute_not_exists(size(a))",
            format!("{C}Operator or function requires a document path; operator or function: attribute_not_exists"),
        ),
        case(
            Condition,
            "if_not_exists(a, :v) = :v",
            format!("{C}The function is not allowed in a condition expression; function: if_not_exists"),
        )
        .v1(),
        case(
            Condition,
            "list_append(a, :v) = :v",
            format!("{C}The function is not allowed in a condition expression; function: list_append"),
        )
        .v1(),
        // --- Operand types DynamoDB knows from the text.
        case(
            Condition,
            "begins_with(a, :v)",
            format!("{C}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        )
        .v1(),
        case(
            Condition,
            "begins_with(size(a), :v)",
            format!("{C}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        )
        .v(":v", s("x")),
        case(
            Condition,
            "size(:v) > :w",
            format!("{C}Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        )
        .v1()
        .v(":w", n(2)),
        case(
            Condition,
            "size(size(a)) = :v",
            format!("{C}Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        )
        .v1(),
        case(
            Condition,
            "attribute_type(a, :v)",
            format!("{C}Invalid attribute type name found; type: XX, valid types: {{N,BS,L,B,NULL,M,S,SS,NS,BOOL}}"),
        )
        .v(":v", s("XX")),
        case(
            Condition,
            "attribute_type(a, :v)",
            format!("{C}Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        )
        .v1(),
        case(
            Condition,
            "a < :v",
            format!("{C}Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
        )
        .v(":v", Value::Bool(true)),
        case(
            Condition,
            "a > :v",
            format!("{C}Incorrect operand type for operator or function; operator or function: >, operand type: M"),
        )
        .v(":v", Value::M(dynorm::Item::new())),
        case(
            Condition,
            "a < :v",
            format!("{C}Incorrect operand type for operator or function; operator or function: <, operand type: SS"),
        )
        .v(":v", Value::string_set(["x"])),
        case(
            Condition,
            "a BETWEEN :h AND :l",
            format!("{C}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {{N:5}}, upper bound operand: AttributeValue: {{N:1}}"),
        )
        .v(":h", n(5))
        .v(":l", n(1)),
        case(
            Condition,
            "a BETWEEN :v AND :w",
            format!("{C}The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {{N:1}}, upper bound operand: AttributeValue: {{S:x}}"),
        )
        .v1()
        .v(":w", s("x")),
        case(
            Condition,
            "a BETWEEN :v AND :w",
            format!("{C}Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL"),
        )
        .v(":v", Value::Bool(true))
        .v(":w", Value::Bool(false)),
        case(
            Condition,
            "a = a",
            format!("{C}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
        ),
        case(
            Condition,
            "a IN (a)",
            format!("{C}The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]"),
        ),
        case(
            Condition,
            "contains(a, a)",
            format!("{C}The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"),
        ),
        // --- Parentheses and limits.
        case(Condition, "((a = :v))", format!("{C}The expression has redundant parentheses;")).v1(),
        case(Condition, "((a)) = :v", format!("{C}The expression has redundant parentheses;")).v1(),
        case(Condition, "(a = :v) AND ((b = :v))", format!("{C}The expression has redundant parentheses;")).v1(),
        in_case,
        case(Condition, ands(151), too_many_ops(C)).v1(),
        case(Condition, format!("{}a = :v", "NOT ".repeat(1000)), too_many_ops(C)).v1(),
        case(
            Condition,
            format!("{} = :v", "a".repeat(4093)),
            format!("{C}Expression size has exceeded the maximum allowed size; expression size: 4098"),
        )
        .v1(),
        case(
            Condition,
            deep_path,
            format!("{C}The document path has too many nesting levels; nesting levels: 33"),
        )
        .v1(),
        case(
            Condition,
            "a[2147483648] = :v",
            format!("{C}List index is not within the allowable range; index: [2147483648]"),
        )
        .v1(),
        // --- Filters: the condition grammar, errors naming the filter.
        case(Filter, "a = :v AND", syntax(F, "<EOF>", "AND")).v1(),
        case(Filter, "name = :v", format!("{F}Attribute name is a reserved keyword; reserved keyword: name")).v1(),
        case(
            Filter,
            "a = :v",
            format!("{F}An expression attribute value used in expression is not defined; attribute value: :v"),
        ),
        case(
            Filter,
            "if_not_exists(a, :v) = :v",
            format!("{F}The function is not allowed in a condition expression; function: if_not_exists"),
        )
        .v1(),
        case(Filter, ands(151), too_many_ops(F)).v1(),
        // --- Key conditions (table keys pk, sk).
        case(Key, "sk = :v", "Query condition missed key schema element: pk")
            .v(":v", s("x"))
            .local("Query condition missed key schema element", "Query condition missed key schema element"),
        case(Key, "pk = :v AND foo = :w", "Query condition missed key schema element: sk")
            .v(":v", s("x"))
            .v(":w", s("y"))
            .local("Query condition missed key schema element", "Query condition missed key schema element"),
        case(Key, "pk = :v OR sk = :w", "Invalid operator used in KeyConditionExpression: OR")
            .v(":v", s("x"))
            .v(":w", s("y")),
        case(Key, "pk < :v", "Query key condition not supported").v(":v", s("x")),
        case(Key, "begins_with(pk, :v)", "Query key condition not supported").v(":v", s("x")),
        case(Key, "pk BETWEEN :v AND :w", "Query key condition not supported")
            .v(":v", s("a"))
            .v(":w", s("b")),
        case(Key, "pk = :v AND sk <> :w", "Invalid operator used in KeyConditionExpression: <>")
            .v(":v", s("x"))
            .v(":w", s("y")),
        case(Key, "pk = :v AND sk IN (:w)", "Invalid operator used in KeyConditionExpression: IN")
            .v(":v", s("x"))
            .v(":w", s("y")),
        case(
            Key,
            "pk = :v AND attribute_exists(sk)",
            "Invalid operator used in KeyConditionExpression: attribute_exists",
        )
        .v(":v", s("x")),
        case(Key, "pk = :v AND NOT sk = :w", "Invalid operator used in KeyConditionExpression: NOT")
            .v(":v", s("x"))
            .v(":w", s("y")),
        case(
            Key,
            "pk = :v AND contains(sk, :w)",
            "Invalid operator used in KeyConditionExpression: contains",
        )
        .v(":v", s("x"))
        .v(":w", s("y")),
        case(
            Key,
            "pk = :v AND sk = :w AND sk = :x",
            "KeyConditionExpressions must only contain one condition per key",
        )
        .v(":v", s("x"))
        .v(":w", s("y"))
        .v(":x", s("z")),
        case(
            Key,
            "pk = :v AND begins_with(pk, :w)",
            "KeyConditionExpressions must only contain one condition per key",
        )
        .v(":v", s("x"))
        .v(":w", s("y")),
        case(Key, "pk = :v AND sk = :w AND foo = :x", "Conditions can be of length 1 or 2 only")
            .v(":v", s("x"))
            .v(":w", s("y"))
            .v(":x", s("z")),
        case(
            Key,
            "pk.a = :v",
            "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes",
        )
        .v(":v", s("x"))
        .local(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
            "Key",
        ),
        case(Key, "size(pk) = :v", "KeyConditionExpressions cannot contain nested operations")
            .v(":v", s("x")),
        case(
            Key,
            "pk = sk",
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
        ),
        case(
            Key,
            "pk = pk",
            format!("{K}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [pk]"),
        ),
        case(Key, "pk = :v AND", syntax(K, "<EOF>", "AND")).v(":v", s("x")),
        case(Key, "name = :v", format!("{K}Attribute name is a reserved keyword; reserved keyword: name"))
            .v(":v", s("x")),
        case(
            Key,
            "pk = :v AND sk BETWEEN :h AND :l",
            format!("{K}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {{S:b}}, upper bound operand: AttributeValue: {{S:a}}"),
        )
        .v(":v", s("x"))
        .v(":h", s("b"))
        .v(":l", s("a")),
        case(
            Key,
            "pk = :v AND begins_with(sk, :w)",
            format!("{K}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        )
        .v(":v", s("x"))
        .v(":w", n(1)),
        case(
            Key,
            "pk = :v AND sk > :w",
            format!("{K}Incorrect operand type for operator or function; operator or function: >, operand type: BOOL"),
        )
        .v(":v", s("x"))
        .v(":w", Value::Bool(true)),
        case(Key, "", format!("{K}The expression can not be empty;")),
        case(
            Key,
            "pk = :v AND sk = :w",
            format!("{K}An expression attribute value used in expression is not defined; attribute value: :w"),
        )
        .v(":v", s("x")),
        // --- Updates.
        case(
            Update,
            "SET a = :v REMOVE a",
            format!("{U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        )
        .v1(),
        case(
            Update,
            "SET a = :v, a.b = :v",
            format!("{U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        )
        .v1(),
        case(
            Update,
            "SET a.b[1] = :v, a.b[1].c = :v",
            format!("{U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b, [1]], path two: [a, b, [1], c]"),
        )
        .v1(),
        case(
            Update,
            "SET a[0] = :v, a.b = :v",
            format!("{U}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"),
        )
        .v1(),
        case(
            Update,
            "SET a = :v REMOVE b.c, b",
            format!("{U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [b, c], path two: [b]"),
        )
        .v1(),
        case(
            Update,
            "SET a = :v SET b = :v",
            format!("{U}The \"SET\" section can only be used once in an update expression;"),
        )
        .v1(),
        case(
            Update,
            "REMOVE a REMOVE b",
            format!("{U}The \"REMOVE\" section can only be used once in an update expression;"),
        ),
        case(
            Update,
            "ADD a :v ADD b :v",
            format!("{U}The \"ADD\" section can only be used once in an update expression;"),
        )
        .v1(),
        case(
            Update,
            "ADD b :v",
            format!("{U}Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"),
        )
        .v(":v", s("x")),
        case(
            Update,
            "DELETE b :v",
            format!("{U}Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
        )
        .v1(),
        case(
            Update,
            "DELETE a :v",
            format!("{U}Incorrect operand type for operator or function; operator: DELETE, operand type: LIST, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
        )
        .v(":v", Value::L(vec![])),
        case(Update, "SET a = b + c + d", syntax(U, "+", "c + d")),
        case(Update, "SET a = :v +", syntax(U, "<EOF>", "+")).v1(),
        case(Update, "SET a", syntax(U, "<EOF>", "a")),
        case(Update, "SET", syntax(U, "<EOF>", "SET")),
        case(Update, "UPSERT a = :v", syntax(U, "UPSERT", "UPSERT a")).v1(),
        case(Update, "SET a = :v, ", syntax(U, "<EOF>", ", ")).v1(),
        case(Update, "ADD a b", syntax(U, "b", "a b")),
        case(Update, "REMOVE :v", syntax(U, ":v", "REMOVE :v")).v1(),
        case(Update, "SET a = :v, REMOVE b", syntax(U, "REMOVE", ", REMOVE b")).v1(),
        case(Update, "SET a = :v, set = :v", syntax(U, "set", ", set =")).v1(),
        case(
            Update,
            "SET a = if_not_exists(b)",
            format!("{U}Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"),
        ),
        case(
            Update,
            "SET a = if_not_exists(:v, b)",
            format!("{U}Operator or function requires a document path; operator or function: if_not_exists"),
        )
        .v1(),
        case(
            Update,
            "SET a = list_append(:v, :w)",
            format!("{U}Incorrect operand type for operator or function; operator or function: list_append, operand type: N"),
        )
        .v1()
        .v(":w", Value::L(vec![])),
        case(
            Update,
            "SET a = list_append(b, c) - :v",
            format!("{U}The function is not allowed to be used this way in an expression; function: list_append"),
        )
        .v1(),
        case(
            Update,
            "SET a = list_append(list_append(a, :v), :v)",
            format!("{U}The function is not allowed to be used this way in an expression; function: list_append"),
        )
        .v(":v", Value::L(vec![])),
        case(Update, "SET a = size(b)", format!("{U}The function is not allowed in an update expression; function: size")),
        case(
            Update,
            "SET a = attribute_exists(a)",
            format!("{U}The function is not allowed in an update expression; function: attribute_exists"),
        ),
        case(Update, "SET a = foo(b)", format!("{U}Invalid function name; function: foo")),
        case(
            Update,
            "SET a = :v + :v",
            format!("{U}Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        )
        .v(":v", s("x")),
        case(
            Update,
            "SET a = :v - :v",
            format!("{U}Incorrect operand type for operator or function; operator or function: -, operand type: SS"),
        )
        .v(":v", Value::string_set(["x"])),
        case(Update, "SET name = :v", format!("{U}Attribute name is a reserved keyword; reserved keyword: name")).v1(),
        case(
            Update,
            "SET a = :v",
            format!("{U}An expression attribute value used in expression is not defined; attribute value: :v"),
        ),
        case(Update, "", format!("{U}The expression can not be empty;")),
        // --- Which error DynamoDB reports when an expression has several.
        case(
            Condition,
            "foo(a) AND ((b = :v))",
            format!("{C}The expression has redundant parentheses;"),
        )
        .v1(),
        case(
            Condition,
            "size(a) AND name = :v",
            format!("{C}The function is not allowed to be used this way in an expression; function: size"),
        )
        .v1(),
        case(
            Condition,
            "a < :l OR NOT a = :x",
            format!("{C}Incorrect operand type for operator or function; operator or function: <, operand type: L"),
        )
        .v(":l", Value::L(vec![])),
        case(
            Update,
            "SET a = :x, b = :y",
            format!("{U}An expression attribute value used in expression is not defined; attribute value: :y"),
        ),
        case(
            Update,
            "SET a = :x, b = list_append(c)",
            format!("{U}Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"),
        ),
        case(
            Update,
            "SET a = :x REMOVE a",
            format!("{U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ),
        case(
            Update,
            "REMOVE a, a, #x",
            format!("{U}An expression attribute name used in the document path is not defined; attribute name: #x"),
        ),
        case(
            Update,
            "REMOVE a SET a = size(a) REMOVE a",
            format!("{U}The function is not allowed in an update expression; function: size"),
        ),
        case(
            Update,
            "SET a = :v SET c = foo(b)",
            format!("{U}Invalid function name; function: foo"),
        )
        .v1(),
        case(
            Update,
            "ADD b :s SET a = :s + :n",
            format!("{U}Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        )
        .v(":s", s("x"))
        .v(":n", n(1)),
        case(
            Update,
            "SET a = :s + :n ADD b :s",
            format!("{U}Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"),
        )
        .v(":s", s("x"))
        .v(":n", n(1)),
        case(
            Projection,
            "#y, #y",
            format!("{P}An expression attribute name used in the document path is not defined; attribute name: #y"),
        ),
        // --- Projections.
        case(
            Projection,
            "a, a.b",
            format!("{P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        ),
        case(
            Projection,
            "a[0], a[0].b",
            format!("{P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, [0], b]"),
        ),
        case(
            Projection,
            "a, a",
            format!("{P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ),
        case(Projection, "a,", syntax(P, "<EOF>", ",")),
        case(Projection, "a b", syntax(P, "b", "a b")),
        case(Projection, "size(a)", syntax(P, "(", "size(a")),
        case(Projection, "", format!("{P}The expression can not be empty;")),
        case(Projection, "name", format!("{P}Attribute name is a reserved keyword; reserved keyword: name")),
        case(
            Projection,
            "#q",
            format!("{P}An expression attribute name used in the document path is not defined; attribute name: #q"),
        ),
        case(
            Projection,
            "#n",
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#m}",
        )
        .name("#n", "x")
        .name("#m", "y"),
        case(
            Projection,
            (0..600).map(|i| format!("a{i:05}")).collect::<Vec<_>>().join(", "),
            format!("{P}Expression size has exceeded the maximum allowed size;"),
        ),
    ]
}

/// The parser's error for a case: the maps' keys, the expression, then the
/// placeholders left unused.
fn parse_error(c: &Case) -> Error {
    let run = || -> dynorm::Result<()> {
        let mut p = ExpressionParser::new(&c.names, &c.values)?;
        match c.kind {
            Condition => p.condition(&c.text).map(drop)?,
            Filter => p.filter(&c.text).map(drop)?,
            Key => p.key_condition(&c.text, "pk", Some("sk")).map(drop)?,
            Update => p.update(&c.text).map(drop)?,
            Projection => p.projection(&c.text).map(drop)?,
        }
        p.finish()
    };
    match run() {
        Ok(()) => panic!("the parser accepted {:?} ({:?})", c.text, c.kind),
        Err(e) => e,
    }
}

fn message(e: &Error) -> &str {
    match e {
        Error::Validation { message, .. } => message,
        other => panic!("not a validation error: {other:?}"),
    }
}

/// The error code and message DynamoDB Local answers for a case.
async fn local_error(client: &Client, table: &str, c: &Case) -> (String, String) {
    let names = (!c.names.is_empty()).then(|| c.names.clone());
    let values: Option<HashMap<String, AttributeValue>> = (!c.values.is_empty()).then(|| {
        c.values
            .iter()
            .map(|(k, v)| (k.clone(), value_to_attr(v)))
            .collect()
    });
    let key = HashMap::from([
        ("pk".to_owned(), AttributeValue::S("p".into())),
        ("sk".to_owned(), AttributeValue::S("s".into())),
    ]);
    fn meta<E: ProvideErrorMetadata>(e: E) -> (String, String) {
        (
            e.code().unwrap_or_default().to_owned(),
            e.message().unwrap_or_default().to_owned(),
        )
    }
    let text = c.text.clone();
    let answer = match c.kind {
        Condition => client
            .put_item()
            .table_name(table)
            .set_item(Some(key))
            .condition_expression(text)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .send()
            .await
            .map(drop)
            .map_err(meta),
        Filter => client
            .scan()
            .table_name(table)
            .filter_expression(text)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .send()
            .await
            .map(drop)
            .map_err(meta),
        Key => client
            .query()
            .table_name(table)
            .key_condition_expression(text)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .send()
            .await
            .map(drop)
            .map_err(meta),
        Update => client
            .update_item()
            .table_name(table)
            .set_key(Some(key))
            .update_expression(text)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .send()
            .await
            .map(drop)
            .map_err(meta),
        Projection => client
            .get_item()
            .table_name(table)
            .set_key(Some(key))
            .projection_expression(text)
            .set_expression_attribute_names(names)
            .send()
            .await
            .map(drop)
            .map_err(meta),
    };
    match answer {
        Ok(()) => panic!("DynamoDB Local accepted {:?} ({:?})", c.text, c.kind),
        Err(e) => e,
    }
}

#[test]
fn the_table_has_every_kind_and_enough_cases() {
    let all = cases();
    assert!(all.len() >= 60, "{} cases", all.len());
    for kind in [Condition, Filter, Key, Update, Projection] {
        assert!(all.iter().any(|c| c.kind == kind), "no {kind:?} case");
    }
}

#[test]
fn the_parser_gives_dynamodbs_errors() {
    let mut failures = Vec::new();
    for c in cases() {
        let e = parse_error(&c);
        if !e.is_validation() || message(&e) != c.expect {
            failures.push(format!(
                "{:?} {:?}\n   parser: {e}\n   wanted: {}",
                c.kind, c.text, c.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn dynamodb_local_gives_the_same_errors() {
    let Ok(endpoint) = std::env::var("DYNORM_DYNAMODB_ENDPOINT") else {
        // The table ran against the parser alone above.
        return;
    };
    let backend = DynamoDbBackend::local(endpoint);
    let table = format!(
        "dynorm_expr_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    backend
        .create_table(
            TableDefinition::new(&table, KeyAttribute::new("pk", KeyType::S))
                .with_sort_key(KeyAttribute::new("sk", KeyType::S)),
        )
        .await
        .unwrap();
    let client = backend.sdk_client();
    let mut failures = Vec::new();
    let all = cases();
    for c in &all {
        let (code, local) = local_error(client, &table, c).await;
        let parsed = parse_error(c);
        let ours = message(&parsed);
        let same = match c.local {
            None => local == ours,
            Some((local_wording, fragment)) => {
                local == local_wording && ours.contains(fragment) && local.contains(fragment)
            }
        };
        if code != "ValidationException" || !same {
            failures.push(format!(
                "{:?} {:?}\n   local:  {code}: {local}\n   parser: {ours}",
                c.kind, c.text
            ));
        }
    }
    backend
        .delete_table(DeleteTableRequest::new(&table))
        .await
        .unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
