//! Putting a lock's code into an environment's instance.

use std::io::Write;
use std::time::Duration;

use serde::Serialize;
use slipway_runtime::{CodeSource, Health, LockedCode, PhpIo, PhpRun, Runtime};

use crate::error::{Error, Result};
use crate::sites::Platform;

/// Activates plugins by slug inside an instance.
const ACTIVATE: &str = include_str!("php/activate.php");

/// How long an instance may take to answer after its code changed.
const ANSWER: Duration = Duration::from_secs(60);

/// What [`Platform::install_code`] did.
#[derive(Debug, Clone, Serialize)]
pub struct CodeInstalled {
    /// The site.
    pub site: String,
    /// The environment.
    pub environment: String,
    /// The instance whose code was replaced.
    pub instance: String,
    /// Plugins that were activated (`slug/file.php`).
    pub activated: Vec<String>,
}

impl<R: Runtime> Platform<R> {
    /// Replaces the code of the instance `target` (`site[/environment]`)
    /// points at with `code`, activates `plugins` (by slug) that are not
    /// active yet, and waits until the environment answers with a page.
    pub fn install_code(
        &mut self,
        target: &str,
        code: LockedCode,
        plugins: &[String],
    ) -> Result<CodeInstalled> {
        let instance = self.resolve(target)?;
        let environment = self
            .catalog()
            .environment(&instance.site, &instance.environment)?
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}/{} is not in the catalog",
                    instance.site, instance.environment
                ))
            })?;
        let lock = code.lock.display().to_string();
        self.runtime()
            .install_code(&instance.id, &CodeSource::Locked(code))?;
        let activated = if plugins.is_empty() {
            Vec::new()
        } else {
            self.activate(&instance.id, plugins)?
        };
        let url = format!("{}/", environment.url);
        let deadline = std::time::Instant::now() + ANSWER;
        while self.runtime().health(&instance.id, &url)? != Health::Healthy {
            if std::time::Instant::now() > deadline {
                return Err(Error::Invalid(format!(
                    "the code of {lock} is installed in instance {}, but {url} does not answer with a page; see the instance's PHP log",
                    instance.id
                )));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        let message = format!("instance {} runs the code of {lock}", instance.id);
        self.catalog_mut().change(|c| -> Result<()> {
            c.event(Some(&instance.site), "code.installed", &message)?;
            Ok(())
        })?;
        Ok(CodeInstalled {
            site: instance.site,
            environment: instance.environment,
            instance: instance.id,
            activated,
        })
    }

    fn activate(&self, instance: &str, plugins: &[String]) -> Result<Vec<String>> {
        let script = php_script("activate", ACTIVATE)?;
        let out = self.runtime().run_php(
            instance,
            &PhpRun {
                script: script.path(),
                args: plugins,
                load_wordpress: true,
                url: None,
                input: None,
                io: PhpIo::Capture,
            },
        )?;
        if !out.success() {
            return Err(Error::Invalid(format!(
                "activating plugins in instance {instance} failed: {}{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("activated "))
            .map(str::to_string)
            .collect())
    }
}

/// Writes the PHP script `code` to a temporary file for a runtime to run;
/// `name` names it in the file name and in errors.
pub(crate) fn php_script(name: &str, code: &str) -> Result<tempfile::NamedTempFile> {
    let mut script = tempfile::Builder::new()
        .prefix(&format!("slipway-{name}-"))
        .suffix(".php")
        .tempfile()
        .map_err(|e| Error::io(format!("creating the {name} script"), e))?;
    script
        .write_all(code.as_bytes())
        .and_then(|()| script.flush())
        .map_err(|e| Error::io(format!("writing the {name} script"), e))?;
    Ok(script)
}
