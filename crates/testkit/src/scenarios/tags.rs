//! Table tags: TagResource, UntagResource and ListTagsOfResource through the
//! client's table-name calls and raw on the backend, with DynamoDB's
//! refusals (all or nothing; the 50-tag limit on the set after the request).
//!
//! DynamoDB Local implements no tag operation: each answers
//! `UnknownOperationException` ("Tagging is not currently supported in
//! DynamoDB Local."). On the DynamoDB backend the scenarios check exactly
//! that answer when it comes, and everything else when it does not (real
//! DynamoDB, or dynorm-server in front of the memory backend).

use crate::{Ctx, Outcome};
use dynorm::backend::{
    KeyAttribute, KeyType, ListTagsOfResourceRequest, Operation, TableDefinition, Tag,
    TagResourceRequest, UntagResourceRequest,
};
use dynorm::rules::tags::{Violation, LOCAL_UNSUPPORTED, MAX_TAGS};
use dynorm::Error;

/// Whether `result` is DynamoDB Local's refusal of every tag operation (only
/// possible on the DynamoDB backend); any other error is returned.
fn local_refusal<T: std::fmt::Debug>(
    ctx: &Ctx,
    result: dynorm::Result<T>,
) -> dynorm::Result<Option<T>> {
    match result {
        Err(e) if ctx.is_dynamodb() && e.to_string().contains(LOCAL_UNSUPPORTED) => {
            eprintln!(
                "scenario `{}`: {LOCAL_UNSUPPORTED} (checked: that answer)",
                ctx.name
            );
            Ok(None)
        }
        other => other.map(Some),
    }
}

/// The message of a validation error, or a failure naming what came instead.
fn validation_message<T: std::fmt::Debug>(result: dynorm::Result<T>) -> String {
    match result {
        Err(e) if e.is_validation() => e.message(),
        other => panic!("expected a ValidationException, got {other:?}"),
    }
}

/// The table `tagged` without tags: its full name and ARN.
async fn untagged_table(ctx: &Ctx) -> dynorm::Result<(String, String)> {
    let name = ctx.client.table_name("tagged");
    let def = TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S));
    let desc = ctx.client.create_table_definition(def).await?;
    let arn = desc.arn.expect("the table's description names its ARN");
    Ok((name, arn))
}

fn sorted(mut tags: Vec<Tag>) -> Vec<Tag> {
    tags.sort();
    tags
}

/// Tags set at creation and by TagResource are listed; a key set again
/// takes the new value; UntagResource removes keys and ignores absent ones.
pub async fn tags_round_trip(ctx: Ctx) -> Outcome {
    let name = ctx.client.table_name("tagged");
    let def = TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
        .with_tag(Tag::new("env", "dev"))
        .with_tag(Tag::new("owner", "ключ café 表"));
    ctx.client.create_table_definition(def).await?;
    let Some(listed) = local_refusal(&ctx, ctx.client.table_tags("tagged").await)? else {
        return Ok(());
    };
    assert_eq!(
        sorted(listed),
        [Tag::new("env", "dev"), Tag::new("owner", "ключ café 表")]
    );

    ctx.client
        .tag_table(
            "tagged",
            [
                Tag::new("env", "prod"),
                Tag::new("team", "a+b-c=d.e_f:g/h@i"),
            ],
        )
        .await?;
    assert_eq!(
        sorted(ctx.client.table_tags("tagged").await?),
        [
            Tag::new("env", "prod"),
            Tag::new("owner", "ключ café 表"),
            Tag::new("team", "a+b-c=d.e_f:g/h@i"),
        ]
    );
    ctx.client
        .untag_table("tagged", ["team", "not-there"])
        .await?;
    assert_eq!(
        sorted(ctx.client.table_tags("tagged").await?),
        [Tag::new("env", "prod"), Tag::new("owner", "ключ café 表")]
    );
    ctx.client.untag_table("tagged", ["env", "owner"]).await?;
    assert!(ctx.client.table_tags("tagged").await?.is_empty());
    Ok(())
}

/// Bad tags are refused with DynamoDB's words and none of the request is
/// applied; 50 tags fit, a 51st does not (counted after the request, so
/// replacing a value at 50 is fine).
pub async fn tag_refusals_apply_nothing(ctx: Ctx) -> Outcome {
    let (_, arn) = untagged_table(&ctx).await?;
    let b = ctx.client.backend();
    let tag = |tags: Vec<Tag>| b.tag_resource(TagResourceRequest::new(&arn).tags(tags));
    let Some(()) = local_refusal(&ctx, tag(vec![Tag::new("keep", "1")]).await)? else {
        return Ok(());
    };

    let cases: Vec<(Vec<Tag>, Violation)> = vec![
        (vec![], Violation::NoTags),
        (
            vec![Tag::new("ok", "1"), Tag::new("k".repeat(129), "v")],
            Violation::InvalidKey("k".repeat(129)),
        ),
        (
            vec![Tag::new("ok", "1"), Tag::new("v", "v".repeat(257))],
            Violation::InvalidValue("v".repeat(257)),
        ),
        (
            vec![Tag::new("ok", "1"), Tag::new("", "v")],
            Violation::InvalidKey(String::new()),
        ),
        (
            vec![Tag::new("ok", "1"), Tag::new("a,b", "v")],
            Violation::InvalidKey("a,b".into()),
        ),
        (
            vec![Tag::new("ok", "100%")],
            Violation::InvalidValue("100%".into()),
        ),
        (
            vec![Tag::new("ok", "🔑")],
            Violation::InvalidValue("🔑".into()),
        ),
        (
            vec![Tag::new("ok", "1"), Tag::new("aws:zzz", "v")],
            Violation::ReservedPrefix("aws:zzz".into()),
        ),
        (
            vec![Tag::new("dup", "1"), Tag::new("dup", "2")],
            Violation::DuplicateKey("dup".into()),
        ),
    ];
    for (tags, violation) in cases {
        let shown = format!("{tags:?}");
        assert_eq!(
            validation_message(tag(tags).await),
            violation.to_string(),
            "{shown}"
        );
    }
    assert_eq!(
        ctx.client.table_tags("tagged").await?,
        [Tag::new("keep", "1")]
    );

    // 49 more make 50; replacing one at 50 is fine; a new key is one too many.
    tag((1..MAX_TAGS)
        .map(|i| Tag::new(format!("k{i:02}"), "v"))
        .collect())
    .await?;
    tag(vec![Tag::new("k01", "changed")]).await?;
    let r = tag(vec![Tag::new("k01", "again"), Tag::new("one-more", "v")]).await;
    assert_eq!(validation_message(r), Violation::TooManyTags.to_string());
    let tags = ctx.client.table_tags("tagged").await?;
    assert_eq!(tags.len(), MAX_TAGS);
    assert!(
        tags.contains(&Tag::new("k01", "changed")),
        "nothing of the refused request"
    );

    let untag = |keys: Vec<String>| {
        let mut req = UntagResourceRequest::new(&arn);
        req.tag_keys = keys;
        b.untag_resource(req)
    };
    assert_eq!(
        validation_message(untag(vec![]).await),
        Violation::NoTagKeys.to_string()
    );
    let r = untag((0..=MAX_TAGS).map(|i| format!("k{i}")).collect()).await;
    assert_eq!(validation_message(r), Violation::TooManyTags.to_string());
    let r = untag(vec!["k01".into(), "x".repeat(129)]).await;
    assert_eq!(
        validation_message(r),
        Violation::InvalidKey("x".repeat(129)).to_string()
    );
    assert_eq!(ctx.client.table_tags("tagged").await?.len(), MAX_TAGS);

    // CreateTable refuses what TagResource refuses, and creates nothing.
    let mut over = TableDefinition::new(
        ctx.client.table_name("over"),
        KeyAttribute::new("pk", KeyType::S),
    );
    over.tags = (0..=MAX_TAGS)
        .map(|i| Tag::new(format!("k{i}"), "v"))
        .collect();
    let r = ctx.client.create_table_definition(over).await;
    assert_eq!(validation_message(r), Violation::TooManyTags.to_string());
    super::support::expect_resource_not_found(ctx.client.describe_table("over").await);
    Ok(())
}

/// Resource names: an ARN of a table that does not exist is
/// ResourceNotFoundException for TagResource and UntagResource and
/// AccessDeniedException for ListTagsOfResource; an index's ARN is not a
/// table's; a name not shaped like an ARN is AccessDeniedException.
pub async fn tag_resource_names(ctx: Ctx) -> Outcome {
    let (name, arn) = untagged_table(&ctx).await?;
    let b = ctx.client.backend();
    let Some(_) = local_refusal(
        &ctx,
        b.list_tags_of_resource(ListTagsOfResourceRequest::new(&arn))
            .await,
    )?
    else {
        return Ok(());
    };
    let missing = arn.replace(&name, &format!("{name}_gone"));
    let r = b
        .tag_resource(TagResourceRequest::new(&missing).tag(Tag::new("a", "b")))
        .await;
    assert_eq!(
        not_found_message(r),
        format!("Requested resource not found: ResourcArn: {missing} not found")
    );
    let r = b
        .untag_resource(UntagResourceRequest::new(&missing).key("a"))
        .await;
    assert_eq!(
        not_found_message(r),
        format!("Requested resource not found: ResourcArn: {missing} not found")
    );
    let r = b
        .list_tags_of_resource(ListTagsOfResourceRequest::new(&missing))
        .await;
    let denied = denied_message(r);
    assert!(
        denied.starts_with("User: arn:aws:iam::")
            && denied.ends_with(&format!(
                " is not authorized to perform: dynamodb:{} on resource: {missing}",
                Operation::ListTagsOfResource
            )),
        "{denied}"
    );
    let index = format!("{arn}/index/gsi");
    let r = b
        .tag_resource(TagResourceRequest::new(&index).tag(Tag::new("a", "b")))
        .await;
    assert_eq!(
        validation_message(r),
        Violation::InvalidTableArn(index.clone()).to_string()
    );
    let r = b
        .list_tags_of_resource(ListTagsOfResourceRequest::new("I_do_not_exist"))
        .await;
    assert!(denied_message(r).ends_with("on resource: I_do_not_exist"));
    Ok(())
}

fn not_found_message<T: std::fmt::Debug>(result: dynorm::Result<T>) -> String {
    match result {
        Err(Error::ResourceNotFound { message, .. }) => message,
        other => panic!("expected a ResourceNotFoundException, got {other:?}"),
    }
}

fn denied_message<T: std::fmt::Debug>(result: dynorm::Result<T>) -> String {
    match result {
        Err(Error::AccessDenied { message, .. }) => message,
        other => panic!("expected an AccessDeniedException, got {other:?}"),
    }
}
