//! Typed attribute paths (`Member::fields()`) in requests: each scenario sends
//! the typed form and checks it does exactly what the string form does.

use super::support::{expect_condition_failed, expect_validation};
use crate::models::{Address, Event, Member};
use crate::{Ctx, Outcome};
use dynorm::expr::{KeyCondition, SortOp};
use dynorm::{attr, Item, Path, Value};

/// Conditions built from typed paths (a top-level number, a renamed field and
/// a field of a nested struct) hold and fail exactly as their string forms.
pub async fn conditional_update(ctx: Ctx) -> Outcome {
    ctx.table_for::<Member>().await?;
    let f = Member::fields();
    ctx.client
        .put(&Member::new("t", "a", "Ann", 17, "Oslo"))
        .await?;
    let minor_in_oslo = f.age.lt(18) & f.address.fields().city.eq("Oslo") & f.name.begins_with("A");
    assert_eq!(
        minor_in_oslo,
        attr("age").lt(18) & attr("address.city").eq("Oslo") & attr("displayName").begins_with("A")
    );
    let new = ctx
        .client
        .update(Member::key("t", "a"))
        .add(&f.age, 1)
        .condition(minor_in_oslo.clone())
        .return_new()
        .await?;
    assert_eq!(new.map(|m| m.age), Some(18));

    // Now 18: the same condition fails and nothing is written.
    let failed = ctx
        .client
        .update(Member::key("t", "a"))
        .add(&f.age, 1)
        .condition(minor_in_oslo)
        .return_old_on_condition_failure()
        .await;
    let error = expect_condition_failed(failed);
    assert_eq!(
        error.old_item().and_then(|i| i.get("age")),
        Some(&Value::from(18))
    );
    // A condition comparing two typed paths: no point is above the age.
    let no_points = f.points.key("q1").not_exists() | f.points.key("q1").lt(&f.age);
    ctx.client
        .update(Member::key("t", "a"))
        .set(f.points.key("q1"), 3)
        .condition(no_points)
        .await?;
    let stored = ctx
        .client
        .get(Member::key("t", "a"))
        .consistent_read()
        .await?;
    assert_eq!(
        stored.map(|m| (m.age, m.points.get("q1").copied())),
        Some((18, Some(3)))
    );
    Ok(())
}

/// A query filtered and projected through typed paths (a nested field among
/// them) returns what the string-path query returns: as models (the fields
/// not projected take their defaults) and as raw items holding exactly the
/// projected attributes.
pub async fn filtered_query_with_projection(ctx: Ctx) -> Outcome {
    ctx.table_for::<Member>().await?;
    let members = [
        Member::new("t", "a", "Ann", 15, "Oslo"),
        Member::new("t", "b", "Bob", 20, "Oslo"),
        Member::new("t", "c", "Cid", 30, "Bergen"),
        Member::new("t", "d", "Dag", 40, "Oslo"),
        Member::new("u", "e", "Eve", 50, "Oslo"),
    ];
    for m in &members {
        ctx.client.put(m).await?;
    }
    let f = Member::fields();
    let filter = f.age.ge(18) & f.address.fields().city.eq("Oslo");
    let projection = [
        f.team.to_path(),
        f.id.to_path(),
        f.name.to_path(),
        f.address.fields().city.to_path(),
    ];
    assert_eq!(
        projection,
        ["team", "id", "displayName", "address.city"].map(Path::from)
    );

    let found: Vec<Member> = ctx
        .client
        .query(Member::partition("t"))
        .consistent_read()
        .filter(filter.clone())
        .project(projection.clone())
        .all()
        .await?;
    let projected = |m: &Member| Member {
        age: 0,
        address: Address {
            city: m.address.city.clone(),
            ..Address::default()
        },
        roles: Vec::new(),
        ..m.clone()
    };
    assert_eq!(found, vec![projected(&members[1]), projected(&members[3])]);

    let typed = ctx
        .client
        .query_collection(Member::partition("t"))
        .consistent_read()
        .filter(filter)
        .project(projection)
        .all()
        .await?;
    let strings = ctx
        .client
        .query_collection(Member::partition("t"))
        .consistent_read()
        .filter(attr("age").ge(18) & attr("address.city").eq("Oslo"))
        .project(["team", "id", "displayName", "address.city"])
        .all()
        .await?;
    assert_eq!(typed, strings);
    let expected_b = Item::new()
        .with("team", "t")
        .with("id", "b")
        .with("displayName", "Bob")
        .with("address", Item::new().with("city", "Oslo"));
    assert_eq!(typed.first(), Some(&expected_b));
    assert_eq!(typed.len(), 2);
    Ok(())
}

/// Updates through typed paths into a nested struct, a list element and a
/// map value (set, remove, increment, copy from another attribute) leave the
/// item exactly as the same updates written with string paths.
pub async fn nested_path_update(ctx: Ctx) -> Outcome {
    ctx.table_for::<Member>().await?;
    let f = Member::fields();
    for id in ["typed", "strings"] {
        let mut m = Member::new("t", id, "Ann", 30, "Oslo");
        m.points.insert("q1".into(), 1);
        ctx.client.put(&m).await?;
    }
    let address = f.address.fields();
    let typed = ctx
        .client
        .update(Member::key("t", "typed"))
        .set(&address.city, "Bergen")
        .remove(&address.postcode)
        .set(f.roles.at(1), "lead")
        .set(f.points.key("q2"), 7)
        .increment(f.points.key("q1"), 4)
        .set(&address.street_line, &f.name)
        .return_new()
        .await?;
    let strings = ctx
        .client
        .update(Member::key("t", "strings"))
        .set("address.city", "Bergen")
        .remove("address.postcode")
        .set("roles[1]", "lead")
        .set("points.q2", 7)
        .increment("points.q1", 4)
        .set(
            "address.streetLine",
            dynorm::expr::UpdateOperand::Path(Path::attr("displayName")),
        )
        .return_new()
        .await?;
    let expected = |id: &str| {
        let mut m = Member::new("t", id, "Ann", 30, "Bergen");
        m.address = Address {
            street_line: "Ann".into(),
            city: "Bergen".into(),
            postcode: None,
        };
        m.roles.push("lead".into());
        m.points = [("q1".to_owned(), 5), ("q2".to_owned(), 7)].into();
        m
    };
    assert_eq!(typed, Some(expected("typed")));
    assert_eq!(strings, Some(expected("strings")));
    assert_eq!(
        ctx.client
            .get(Member::key("t", "typed"))
            .consistent_read()
            .await?,
        Some(expected("typed"))
    );
    Ok(())
}

/// A raw query's sort key condition names the key through the typed path of
/// a top-level field; a nested path cannot be a key and fails the query
/// before anything is sent.
pub async fn sort_key_named_by_typed_path(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    for seq in 1..=4 {
        let e = Event {
            stream: "s".into(),
            seq,
            kind: format!("k{seq}"),
            data: None,
        };
        ctx.client.put(&e).await?;
    }
    let f = Event::fields();
    let query = || {
        ctx.client
            .table("events")
            .query(KeyCondition::partition("stream", "s"))
            .consistent_read()
    };
    let typed = query().sort_key(&f.seq, SortOp::Ge(3.into())).all().await?;
    let strings = query().sort_key("seq", SortOp::Ge(3.into())).all().await?;
    assert_eq!(typed, strings);
    let seqs: Vec<Option<&Value>> = typed.iter().map(|i| i.get("seq")).collect();
    assert_eq!(seqs, [Some(&Value::from(3)), Some(&Value::from(4))]);

    let nested = query()
        .sort_key(Path::attr("seq").key("inner"), SortOp::Ge(3.into()))
        .all()
        .await;
    expect_validation(nested, "not the nested path `seq.inner`");
    Ok(())
}
