//! Table tooling: create, ensure, describe, list and delete tables, from models or definitions.

use super::Client;
use crate::backend::{
    DeleteTableRequest, DescribeTableRequest, DescribeTimeToLiveRequest, ListTablesRequest,
    TableDefinition, TableDescription, TimeToLive, UpdateTimeToLiveRequest,
};
use crate::error::{Error, Result};
use crate::model::{Model, ModelSchema};

impl Client {
    /// The table definition for models sharing one table, with the client's
    /// prefix applied: adjust it (e.g. provisioned billing with
    /// [`TableDefinition::with_billing`]) and pass it to
    /// [`create_table_definition`](Client::create_table_definition).
    ///
    /// ```
    /// # use dynorm::{Client, Model, backend::BillingMode};
    /// # async fn demo<M: Model>(client: Client) -> dynorm::Result<()> {
    /// let def = client
    ///     .table_definition(&[M::schema()])?
    ///     .with_billing(BillingMode::Provisioned { read: 5, write: 5 });
    /// client.create_table_definition(def).await?;
    /// # Ok(()) }
    /// ```
    pub fn table_definition(&self, schemas: &[&'static ModelSchema]) -> Result<TableDefinition> {
        let (def, _) = merged_definition(schemas)?;
        Ok(TableDefinition {
            name: self.table_name(&def.name),
            ..def
        })
    }

    /// Creates the table for one model (keys, indexes, on-demand billing),
    /// waits until it is ACTIVE and enables TTL when the model has a TTL
    /// attribute.
    pub async fn create_table<M: Model>(&self) -> Result<TableDescription> {
        self.create_table_for(&[M::schema()]).await
    }

    /// Creates the table for one model unless it exists already, and makes
    /// sure TTL is enabled on the model's TTL attribute (see
    /// [`ensure_table_for`](Client::ensure_table_for)).
    ///
    /// ```
    /// # use dynorm::{Client, Model};
    /// # async fn demo<M: Model>(client: Client) -> dynorm::Result<()> {
    /// client.ensure_table::<M>().await?;
    /// client.ensure_table::<M>().await?; // the second call changes nothing
    /// # Ok(()) }
    /// ```
    pub async fn ensure_table<M: Model>(&self) -> Result<TableDescription> {
        self.ensure_table_for(&[M::schema()]).await
    }

    /// Creates the buckets a model's S3-backed attributes write to, each in
    /// its attribute's region, through the client's object store. A bucket
    /// that exists already (and is the caller's) is not an error.
    ///
    /// ```
    /// # use dynorm::attributes::S3Object;
    /// # use dynorm::{Client, Model};
    /// # use serde::{Deserialize, Serialize};
    /// #[derive(Serialize, Deserialize, Model)]
    /// #[dynorm(table = "documents")]
    /// struct Document {
    ///     #[dynorm(partition_key)]
    ///     id: String,
    ///     #[dynorm(s3(bucket = "company-docs"))]
    ///     content: Option<S3Object>,
    /// }
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// client.ensure_table::<Document>().await?;
    /// client.ensure_buckets::<Document>().await?;
    /// # Ok(()) }
    /// ```
    pub async fn ensure_buckets<M: Model>(&self) -> Result<()> {
        let schema = M::schema();
        if schema.s3_attributes.is_empty() {
            return Ok(());
        }
        let store = self.blob_store()?;
        for s3 in schema.s3_attributes {
            store.create_bucket(s3.bucket, s3.region).await?;
        }
        Ok(())
    }

    /// Creates one table for several models that share it (single-table
    /// design): their key schemas must agree; their indexes are merged.
    /// Returns once the table and its indexes are ACTIVE, with TTL enabled
    /// when the models have a TTL attribute.
    pub async fn create_table_for(
        &self,
        schemas: &[&'static ModelSchema],
    ) -> Result<TableDescription> {
        let (def, ttl) = merged_definition(schemas)?;
        let name = self.table_name(&def.name);
        let desc = self
            .create_table_definition(TableDefinition {
                name: name.clone(),
                ..def
            })
            .await?;
        if let Some(attribute) = ttl {
            self.enable_ttl(&name, attribute).await?;
        }
        for audit in audit_definitions(schemas) {
            self.create_table_definition(TableDefinition {
                name: self.table_name(&audit.name),
                ..audit
            })
            .await?;
        }
        Ok(desc)
    }

    /// Turns TTL on for `attribute` of the table called `name` (prefixed).
    async fn enable_ttl(&self, name: &str, attribute: &str) -> Result<()> {
        self.backend()
            .update_time_to_live(UpdateTimeToLiveRequest::new(
                name,
                TimeToLive::enabled(attribute),
            ))
            .await?;
        Ok(())
    }

    /// Like [`create_table_for`](Client::create_table_for), but an existing
    /// table is kept (once it is ACTIVE). When the models have a TTL
    /// attribute and the existing table has TTL disabled, TTL is enabled on
    /// that attribute (DescribeTimeToLive, then UpdateTimeToLive only when
    /// needed); when the table has TTL enabled on another attribute the
    /// result is a [`Config`](Error::Config) error naming both (a table has
    /// one TTL attribute, and DynamoDB takes up to an hour to switch it).
    ///
    /// The audit tables of versioned models are ensured the same way.
    pub async fn ensure_table_for(
        &self,
        schemas: &[&'static ModelSchema],
    ) -> Result<TableDescription> {
        let desc = self.ensure_main_table(schemas).await?;
        for audit in audit_definitions(schemas) {
            let base = audit.name.clone();
            let name = self.table_name(&base);
            match self
                .backend()
                .describe_table(DescribeTableRequest::new(&name))
                .await
            {
                Ok(existing) => {
                    self.settle(existing).await?;
                }
                Err(e) if e.is_resource_not_found() => {
                    match self
                        .create_table_definition(TableDefinition { name, ..audit })
                        .await
                    {
                        Err(Error::ResourceInUse { .. }) => {
                            self.wait_until_active(&base).await?;
                        }
                        other => {
                            other?;
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(desc)
    }

    /// [`ensure_table_for`](Client::ensure_table_for) without the audit tables.
    async fn ensure_main_table(
        &self,
        schemas: &[&'static ModelSchema],
    ) -> Result<TableDescription> {
        let (def, ttl) = merged_definition(schemas)?;
        let name = self.table_name(&def.name);
        let existing = match self
            .backend()
            .describe_table(DescribeTableRequest::new(&name))
            .await
        {
            Ok(desc) => self.settle(desc).await?,
            Err(e) if e.is_resource_not_found() => {
                return match self.create_table_for(schemas).await {
                    // Created meanwhile by someone else: wait for it as it is.
                    Err(Error::ResourceInUse { .. }) => self.wait_until_active(&def.name).await,
                    other => other,
                };
            }
            Err(e) => return Err(e),
        };
        if let Some(attribute) = ttl {
            self.ensure_ttl(&name, attribute).await?;
        }
        Ok(existing)
    }

    /// Enables TTL on `attribute` of the existing table called `name`
    /// (prefixed) unless it is enabled.
    async fn ensure_ttl(&self, name: &str, attribute: &str) -> Result<()> {
        let ttl = self
            .backend()
            .describe_time_to_live(DescribeTimeToLiveRequest::new(name))
            .await?;
        match ttl.enabled_attribute() {
            Some(enabled) if enabled == attribute => Ok(()),
            Some(other) => Err(Error::config(format!(
                "table `{name}` has TTL enabled on attribute `{other}`, the model's TTL \
                 attribute is `{attribute}`; disable TTL on the table (or change the model) first"
            ))),
            None => self.enable_ttl(name, attribute).await,
        }
    }

    /// Creates a table from a definition; its name is taken as is (no
    /// prefix). Returns once the table and its indexes are ACTIVE.
    pub async fn create_table_definition(&self, def: TableDefinition) -> Result<TableDescription> {
        let desc = self.backend().create_table(def).await?;
        self.settle(desc).await
    }

    /// Describes a table (the client's prefix is applied to `name`).
    pub async fn describe_table(&self, name: &str) -> Result<TableDescription> {
        self.backend()
            .describe_table(DescribeTableRequest::new(self.table_name(name)))
            .await
    }

    /// Deletes a table (the client's prefix is applied to `name`).
    pub async fn delete_table(&self, name: &str) -> Result<()> {
        self.backend()
            .delete_table(DeleteTableRequest::new(self.table_name(name)))
            .await?;
        Ok(())
    }

    /// Every table name the backend has that starts with the client's prefix,
    /// with the prefix left on, in order: ListTables page after page.
    pub async fn list_tables(&self) -> Result<Vec<String>> {
        let prefix = self.table_prefix();
        let mut names = Vec::new();
        let mut request = ListTablesRequest::new();
        loop {
            let page = self.backend().list_tables(request).await?;
            names.extend(
                page.table_names
                    .into_iter()
                    .filter(|n| n.starts_with(prefix)),
            );
            match page.last_evaluated_table_name {
                Some(last) => request = ListTablesRequest::new().exclusive_start_table_name(last),
                None => return Ok(names),
            }
        }
    }
}

/// The audit tables of the versioned models among `schemas`, each once.
fn audit_definitions(schemas: &[&'static ModelSchema]) -> Vec<TableDefinition> {
    let mut defs: Vec<TableDefinition> = Vec::new();
    for versioned in schemas.iter().filter_map(|s| s.versioned) {
        if !defs.iter().any(|d| d.name == versioned.audit_table) {
            defs.push(versioned.table_definition());
        }
    }
    defs
}

/// One table definition for models sharing a table, and its TTL attribute.
pub(crate) fn merged_definition(
    schemas: &[&'static ModelSchema],
) -> Result<(TableDefinition, Option<&'static str>)> {
    let (first, rest) = schemas
        .split_first()
        .ok_or_else(|| Error::config("no model given for the table"))?;
    let mut def = first.table_definition();
    let mut ttl = first.ttl_attribute;
    for schema in rest {
        let other = schema.table_definition();
        if other.name != def.name
            || other.partition_key != def.partition_key
            || other.sort_key != def.sort_key
        {
            return Err(Error::config(format!(
                "models {} and {} cannot share a table: their table names or key schemas differ",
                first.type_name, schema.type_name
            )));
        }
        for (mine, theirs) in [
            (&mut def.global_indexes, other.global_indexes),
            (&mut def.local_indexes, other.local_indexes),
        ] {
            for index in theirs {
                match mine.iter().find(|i| i.name == index.name) {
                    Some(existing) if *existing != index => {
                        return Err(Error::config(format!(
                            "index `{}` is declared differently by {} and {}",
                            index.name, first.type_name, schema.type_name
                        )))
                    }
                    Some(_) => {}
                    None => mine.push(index),
                }
            }
        }
        match (ttl, schema.ttl_attribute) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::config(format!(
                    "models sharing table `{}` use different TTL attributes `{a}` and `{b}`",
                    def.name
                )))
            }
            (None, Some(b)) => ttl = Some(b),
            _ => {}
        }
    }
    Ok((def, ttl))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{IndexProjection, KeyType};
    use crate::model::{IndexProjectionSchema, IndexSchema, KeySchema};

    const PK: KeySchema = KeySchema {
        attribute: "pk",
        key_type: KeyType::S,
        template: Some("A#{id}"),
        fields: &["id"],
    };
    const SK: KeySchema = KeySchema {
        attribute: "sk",
        key_type: KeyType::S,
        template: Some("B"),
        fields: &[],
    };
    const GPK: KeySchema = KeySchema {
        attribute: "g",
        key_type: KeyType::S,
        template: Some("T#{t}"),
        fields: &["t"],
    };

    static IDX_A: [IndexSchema; 1] = [IndexSchema {
        name: "G",
        global: true,
        partition_key: GPK,
        sort_key: None,
        projection: IndexProjectionSchema::KeysOnly,
    }];
    static IDX_B: [IndexSchema; 1] = [IndexSchema {
        name: "G",
        global: true,
        partition_key: GPK,
        sort_key: None,
        projection: IndexProjectionSchema::All,
    }];

    fn schema(
        name: &'static str,
        indexes: &'static [IndexSchema],
        ttl: Option<&'static str>,
    ) -> &'static ModelSchema {
        Box::leak(Box::new(ModelSchema {
            type_name: name,
            table: "app",
            partition_key: PK,
            sort_key: Some(SK),
            entity: None,
            key_fields: &[],
            indexes,
            ttl_attribute: ttl,
            generated: &[],
            hooks: false,
            skip_hooks: false,
            max_size: None,
            s3_attributes: &[],
            encrypted_attributes: &[],
            versioned: None,
            version_attribute: None,
            unique: &[],
            field_list_keys: None,
        }))
    }

    #[test]
    fn models_sharing_a_table_merge_indexes_and_ttl() {
        let (def, ttl) =
            merged_definition(&[schema("A", &IDX_A, None), schema("B", &[], Some("exp"))])
                .expect("merge");
        assert_eq!(def.name, "app");
        assert_eq!(def.global_indexes.len(), 1);
        assert_eq!(def.global_indexes[0].projection, IndexProjection::KeysOnly);
        assert_eq!(ttl, Some("exp"));
    }

    #[test]
    fn conflicting_declarations_are_config_errors() {
        let e = merged_definition(&[schema("A", &IDX_A, None), schema("B", &IDX_B, None)])
            .expect_err("conflict");
        assert!(matches!(e, Error::Config { .. }), "{e}");
        let e = merged_definition(&[schema("A", &[], Some("x")), schema("B", &[], Some("y"))])
            .expect_err("ttl");
        assert!(e.to_string().contains("different TTL"), "{e}");
        assert!(merged_definition(&[]).is_err());
    }
}
