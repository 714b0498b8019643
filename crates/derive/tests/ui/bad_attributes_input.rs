use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, dynorm::Attributes)]
enum Shape {
    Circle { radius: f64 },
}

#[derive(Serialize, Deserialize, dynorm::Attributes)]
struct Point(f64, f64);

#[derive(Serialize, Deserialize, dynorm::Attributes)]
struct Wrapper<T> {
    inner: T,
}

#[derive(Serialize, Deserialize, dynorm::Attributes)]
#[serde(transparent)]
struct Meters {
    value: f64,
}

fn main() {}
