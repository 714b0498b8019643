//! The client every command uses, from the connection flags and the environment.

use crate::args::Connection;
use crate::exit::{CliError, CliResult};
use dynorm::Client;
use dynorm_aws::AwsSettings;
use dynorm_dynamodb::DynamoDbBackend;

/// A client on DynamoDB as the flags and the AWS environment say: the
/// endpoint, region and profile given, the default chain for the rest
/// (credentials included).
pub async fn client(connection: &Connection) -> CliResult<Client> {
    let mut settings = AwsSettings::default();
    if let Some(url) = &connection.endpoint_url {
        settings = settings.endpoint_url(url);
    }
    if let Some(region) = &connection.region {
        settings = settings.region(region);
    }
    if let Some(profile) = &connection.profile {
        settings = settings.profile(profile);
    }
    let config = settings.load().await.map_err(|e| match e {
        // The only settings a command line can leave out are found in the
        // environment; the region is the one that may be missing.
        dynorm::Error::Config { .. } if connection.region.is_none() => CliError::usage(
            "no AWS region: give --region, or set AWS_REGION or a region in the profile",
        ),
        other => other.into(),
    })?;
    Ok(Client::new(DynamoDbBackend::from_sdk_config(&config)))
}
