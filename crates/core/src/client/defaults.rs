//! The process-wide default client and per-model clients.

use super::Client;
use crate::error::{Error, Result};
use crate::model::Model;
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{OnceLock, PoisonError, RwLock};

fn default_slot() -> &'static RwLock<Option<Client>> {
    static SLOT: OnceLock<RwLock<Option<Client>>> = OnceLock::new();
    SLOT.get_or_init(|| RwLock::new(None))
}

fn model_slots() -> &'static RwLock<HashMap<TypeId, Client>> {
    static SLOTS: OnceLock<RwLock<HashMap<TypeId, Client>>> = OnceLock::new();
    SLOTS.get_or_init(|| RwLock::new(HashMap::new()))
}

/// Installs the process-wide default client, used by models that have no client of their own.
///
/// ```
/// # fn demo(client: dynorm::Client) {
/// dynorm::set_default_client(client);
/// assert!(dynorm::default_client().is_ok());
/// # }
/// ```
pub fn set_default_client(client: Client) {
    *default_slot()
        .write()
        .unwrap_or_else(PoisonError::into_inner) = Some(client);
}

/// The process-wide default client, or a [`Error::Config`] when none is installed.
pub fn default_client() -> Result<Client> {
    default_slot()
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
        .ok_or_else(|| {
            Error::config(
                "no default client: call dynorm::set_default_client(...) or pass a client",
            )
        })
}

pub(crate) fn set_model_client<M: Model>(client: Client) {
    model_slots()
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(TypeId::of::<M>(), client);
}

pub(crate) fn client_for<M: Model>() -> Result<Client> {
    if let Some(c) = model_slots()
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&TypeId::of::<M>())
    {
        return Ok(c.clone());
    }
    default_client()
}
