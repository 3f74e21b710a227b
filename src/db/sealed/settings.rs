//! The data keys a configuration names: read from the settings (inline or from a file) and
//! checked against the serving mode before any record is sealed or opened.

use super::{DEVELOPMENT_KEY, DataKeys};
use crate::config::{Config, Mode};

/// Reads a key given inline or in a file; `None` when neither is given.
fn read_key(
    inline: Option<&str>,
    file: Option<&std::path::Path>,
    name: &str,
) -> anyhow::Result<Option<[u8; super::KEY_BYTES]>> {
    use anyhow::Context;
    let text = match (inline, file) {
        (Some(_), Some(_)) => {
            anyhow::bail!("set either {name} or {name}_FILE, not both")
        }
        (Some(text), None) => text.to_owned(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("could not read {name}_FILE {}", path.display()))?,
        (None, None) => return Ok(None),
    };
    super::parse_key(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

impl Config {
    /// The data keys this configuration names. Production refuses to run without a key (or
    /// with the public development key); development without one logs a warning and uses the
    /// development key, so that the demo works out of the box.
    pub fn data_keys(&self) -> anyhow::Result<super::DataKeys> {
        let keys = &self.keys;
        let current = read_key(
            keys.data_key.as_deref(),
            keys.data_key_file.as_deref(),
            "TONGXIN_DATA_KEY",
        )?;
        let previous = read_key(
            keys.data_key_previous.as_deref(),
            keys.data_key_previous_file.as_deref(),
            "TONGXIN_DATA_KEY_PREVIOUS",
        )?;
        let production = self.limits.mode == Mode::Production;
        let current = match current {
            Some(key) if production && key == *DEVELOPMENT_KEY => anyhow::bail!(
                "TONGXIN_DATA_KEY is the public development key; production needs its own \
                 (`tongxin keys generate`)"
            ),
            Some(key) => key,
            None if production => anyhow::bail!(
                "production needs a data key to seal ID numbers and phones: set \
                 TONGXIN_DATA_KEY_FILE (or TONGXIN_DATA_KEY) to base64 of 32 random bytes \
                 (`tongxin keys generate`)"
            ),
            None => {
                tracing::warn!(
                    "no data key is configured (TONGXIN_DATA_KEY_FILE): ID numbers and phones \
                     are sealed with the PUBLIC development key, which protects nothing; \
                     production refuses to start like this"
                );
                *DEVELOPMENT_KEY
            }
        };
        DataKeys::new(&current, previous.as_slice()).map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// [`Config::data_keys`], or keys that refuse every operation (logged) when they cannot be
    /// read: for the schema and state built after `app::run` has already refused to start.
    pub fn data_keys_or_unusable(&self) -> super::DataKeys {
        self.data_keys().unwrap_or_else(|err| {
            tracing::error!(
                error = format!("{err:#}"),
                "the data key settings are unusable"
            );
            super::DataKeys::unusable()
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{Column, DataKeys};
    use crate::config::{Config, DataKeyConfig, Mode, RequestLimits};

    fn production(keys: DataKeyConfig) -> Config {
        Config {
            limits: RequestLimits {
                mode: Mode::Production,
                ..RequestLimits::default()
            },
            keys,
            ..Config::default()
        }
    }

    const KEY_A: &str = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";

    #[test]
    fn production_refuses_to_run_without_a_data_key() {
        let err = production(DataKeyConfig::default())
            .data_keys()
            .unwrap_err();
        assert!(err.to_string().contains("TONGXIN_DATA_KEY_FILE"), "{err}");
        let public = DataKeyConfig {
            data_key: Some(super::super::generate_key()),
            ..DataKeyConfig::default()
        };
        assert!(production(public).data_keys().is_ok());
    }

    #[test]
    fn production_refuses_the_development_key() {
        let dev = DataKeyConfig {
            data_key: Some("dG9uZ3hpbiBkZXZlbG9wbWVudCBrZXk6IFBVQkxJQyE=".into()),
            ..DataKeyConfig::default()
        };
        let err = production(dev).data_keys().unwrap_err();
        assert!(err.to_string().contains("development key"), "{err}");
    }

    #[test]
    fn development_without_a_key_uses_the_development_key() {
        let keys = Config::default().data_keys().unwrap();
        let dev = DataKeys::development().unwrap();
        assert_eq!(keys.current_id().unwrap(), dev.current_id().unwrap());
    }

    #[test]
    fn keys_come_from_files_or_values_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, format!("{KEY_A}\n")).unwrap();
        let from_file = production(DataKeyConfig {
            data_key_file: Some(file.clone()),
            ..DataKeyConfig::default()
        })
        .data_keys()
        .unwrap();
        let inline = production(DataKeyConfig {
            data_key: Some(KEY_A.into()),
            ..DataKeyConfig::default()
        })
        .data_keys()
        .unwrap();
        assert_eq!(
            from_file.current_id().unwrap(),
            inline.current_id().unwrap()
        );
        let both = DataKeyConfig {
            data_key: Some(KEY_A.into()),
            data_key_file: Some(file),
            ..DataKeyConfig::default()
        };
        assert!(production(both).data_keys().is_err());
        let short = DataKeyConfig {
            data_key: Some("c2hvcnQ=".into()),
            ..DataKeyConfig::default()
        };
        assert!(production(short).data_keys().is_err());
        let missing = DataKeyConfig {
            data_key_file: Some(dir.path().join("absent")),
            ..DataKeyConfig::default()
        };
        assert!(production(missing).data_keys().is_err());
    }

    #[test]
    fn the_previous_key_still_opens() {
        let old = production(DataKeyConfig {
            data_key: Some(KEY_A.into()),
            ..DataKeyConfig::default()
        })
        .data_keys()
        .unwrap();
        let sealed = old.seal(Column::Phone, 1, "13812341234").unwrap();
        let rotated = production(DataKeyConfig {
            data_key: Some(super::super::generate_key()),
            data_key_previous: Some(KEY_A.into()),
            ..DataKeyConfig::default()
        })
        .data_keys()
        .unwrap();
        assert_eq!(
            rotated.open(Column::Phone, 1, &sealed).unwrap(),
            "13812341234"
        );
        assert!(!rotated.is_current(&sealed));
    }
}
