//! Who makes a change (`changed_by_id`): given per call, or as a default for
//! the code run inside [`as_actor`] (a tokio task-local, never a global).

use std::future::IntoFuture;

tokio::task_local! {
    static ACTOR: String;
}

/// Runs `future` (a future, or a builder such as a save) with `actor` as the `changed_by_id` of every versioned
/// save and delete it makes without a per-call
/// [`changed_by`](super::SaveVersion::changed_by). The default holds for
/// this future only (tasks it spawns do not inherit it), and an inner
/// `as_actor` overrides an outer one.
///
/// ```
/// use dynorm::versioned::{as_actor, current_actor};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// assert_eq!(current_actor(), None);
/// as_actor("librarian-7", async {
///     assert_eq!(current_actor().as_deref(), Some("librarian-7"));
///     // books.save(&book).await? records changed_by_id = "librarian-7"
/// })
/// .await;
/// # }
/// ```
pub async fn as_actor<F: IntoFuture>(actor: impl Into<String>, future: F) -> F::Output {
    ACTOR.scope(actor.into(), future.into_future()).await
}

/// The actor set by the innermost [`as_actor`] around the current code, if any.
pub fn current_actor() -> Option<String> {
    ACTOR.try_with(Clone::clone).ok()
}
