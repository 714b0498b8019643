//! [`KmsKeyService`]: data keys from AWS KMS.

use crate::error::{code, from_sdk};
use crate::KmsKeyServiceBuilder;
use async_trait::async_trait;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::DataKeySpec;
use aws_sdk_kms::Client;
use dynorm::encryption::{
    DataKey, EncryptionContext, EncryptionError, EncryptionErrorKind, KeyService,
};
use dynorm::Result;
use dynorm_aws::standard_retries;
use std::collections::HashMap;

/// The key service of encrypted attributes on AWS KMS (or a local KMS:
/// moto_server, LocalStack).
#[derive(Debug, Clone)]
pub struct KmsKeyService {
    client: Client,
    endpoint_url: Option<String>,
}

fn context_map(context: &EncryptionContext) -> Option<HashMap<String, String>> {
    (!context.is_empty()).then(|| {
        context
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    })
}

fn missing(what: &str) -> dynorm::Error {
    EncryptionError::new(
        EncryptionErrorKind::Other,
        format!("KMS answered without the {what}"),
    )
    .into()
}

impl KmsKeyService {
    /// A builder with explicit settings.
    pub fn builder() -> KmsKeyServiceBuilder {
        KmsKeyServiceBuilder::default()
    }

    /// A service from a shared AWS configuration (as loaded by
    /// `aws-config`), typically the one the DynamoDB backend was made from.
    /// A configuration without retry settings gets the standard mode with 3
    /// attempts.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> KmsKeyService {
        let mut builder = aws_sdk_kms::config::Builder::from(config);
        if config.retry_config().is_none() {
            builder = builder.retry_config(standard_retries());
        }
        KmsKeyService {
            client: Client::from_conf(builder.build()),
            endpoint_url: config.endpoint_url().map(str::to_owned),
        }
    }

    /// A service over an SDK client configured elsewhere.
    pub fn from_client(client: Client) -> KmsKeyService {
        KmsKeyService {
            client,
            endpoint_url: None,
        }
    }

    /// A service on a local KMS at `endpoint` (region `us-east-1`, dummy
    /// credentials: [`dynorm_aws::local_config`]).
    pub fn local(endpoint: impl Into<String>) -> KmsKeyService {
        KmsKeyService::from_sdk_config(&dynorm_aws::local_config(endpoint))
    }

    /// The SDK client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client's region.
    pub fn region(&self) -> Option<&str> {
        self.client.config().region().map(|r| r.as_ref())
    }

    /// Where requests go, for messages: the endpoint URL when one is
    /// configured, else KMS and the region ([`dynorm_aws::endpoint_label`]).
    pub fn endpoint(&self) -> String {
        dynorm_aws::endpoint_label("KMS", self.endpoint_url.as_deref(), self.region())
    }

    /// Makes sure the alias `alias` (`"alias/app"`) names a symmetric
    /// encryption key, creating the key and the alias when it does not
    /// (for tests and local servers; production keys are usually made by
    /// infrastructure code). Returns the key's id.
    pub async fn ensure_key(&self, alias: &str) -> Result<String> {
        let endpoint = self.endpoint();
        match self.client.describe_key().key_id(alias).send().await {
            Ok(out) => {
                return out
                    .key_metadata()
                    .map(|m| m.key_id().to_owned())
                    .ok_or_else(|| missing("key metadata"))
            }
            Err(e) if code(&e) == Some("NotFoundException") => {}
            Err(e) => return Err(from_sdk(e, &endpoint)),
        }
        let created = self
            .client
            .create_key()
            .description(format!("dynorm key for {alias}"))
            .send()
            .await
            .map_err(|e| from_sdk(e, &endpoint))?;
        let key_id = created
            .key_metadata()
            .map(|m| m.key_id().to_owned())
            .ok_or_else(|| missing("key metadata"))?;
        match self
            .client
            .create_alias()
            .alias_name(alias)
            .target_key_id(&key_id)
            .send()
            .await
        {
            Ok(_) => Ok(key_id),
            // Another caller made the alias first: use its key.
            Err(e) if code(&e) == Some("AlreadyExistsException") => {
                let out = self
                    .client
                    .describe_key()
                    .key_id(alias)
                    .send()
                    .await
                    .map_err(|e| from_sdk(e, &endpoint))?;
                out.key_metadata()
                    .map(|m| m.key_id().to_owned())
                    .ok_or_else(|| missing("key metadata"))
            }
            Err(e) => Err(from_sdk(e, &endpoint)),
        }
    }
}

#[async_trait]
impl KeyService for KmsKeyService {
    fn name(&self) -> &'static str {
        "kms"
    }

    async fn generate_data_key(
        &self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<DataKey> {
        let out = self
            .client
            .generate_data_key()
            .key_id(key_id)
            .key_spec(DataKeySpec::Aes256)
            .set_encryption_context(context_map(context))
            .send()
            .await
            .map_err(|e| from_sdk(e, &self.endpoint()))?;
        let plaintext = out
            .plaintext()
            .ok_or_else(|| missing("plaintext data key"))?;
        let encrypted = out
            .ciphertext_blob()
            .ok_or_else(|| missing("encrypted data key"))?;
        Ok(DataKey {
            plaintext: plaintext.as_ref().to_vec(),
            encrypted: encrypted.as_ref().to_vec(),
        })
    }

    async fn decrypt_data_key(
        &self,
        key_id: &str,
        encrypted: &[u8],
        context: &EncryptionContext,
    ) -> Result<Vec<u8>> {
        let out = self
            .client
            .decrypt()
            .key_id(key_id)
            .ciphertext_blob(Blob::new(encrypted.to_vec()))
            .set_encryption_context(context_map(context))
            .send()
            .await
            .map_err(|e| from_sdk(e, &self.endpoint()))?;
        out.plaintext()
            .map(|p| p.as_ref().to_vec())
            .ok_or_else(|| missing("plaintext data key"))
    }
}
