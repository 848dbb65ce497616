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
    /// The declared theme made active, when the active one was not
    /// declared.
    pub theme: Option<String>,
    /// When the active theme was not declared and several declared themes
    /// could replace it: the theme kept, and those candidates.
    pub theme_kept: Option<String>,
}

impl<R: Runtime> Platform<R> {
    /// Replaces the code of the instance `target` (`site[/environment]`)
    /// points at with `code`, activates `plugins` (by slug) that are not
    /// active yet and, when the active theme is not one of `themes`, the
    /// declared theme that is no other's parent; then waits until the
    /// environment answers with a page.
    pub fn install_code(
        &mut self,
        target: &str,
        code: LockedCode,
        plugins: &[String],
        themes: &[String],
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
        let activated = if plugins.is_empty() && themes.is_empty() {
            Activated::default()
        } else {
            self.activate(&instance.id, plugins, themes)?
        };
        // Pages cached before show the old code for the cache's lifetime.
        self.runtime().purge_page_cache(&instance.id)?;
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
            activated: activated.plugins,
            theme: activated.theme,
            theme_kept: activated.theme_kept,
        })
    }

    fn activate(&self, instance: &str, plugins: &[String], themes: &[String]) -> Result<Activated> {
        let script = php_script("activate", ACTIVATE)?;
        let args: Vec<String> = plugins
            .iter()
            .map(|p| format!("plugin={p}"))
            .chain(themes.iter().map(|t| format!("theme={t}")))
            .collect();
        let out = self.runtime().run_php(
            instance,
            &PhpRun {
                script: script.path(),
                args: &args,
                load_wordpress: true,
                url: None,
                input: None,
                io: PhpIo::Capture,
            },
        )?;
        if !out.success() {
            return Err(Error::Invalid(format!(
                "activating the locked plugins and themes in instance {instance} failed: {}{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            )));
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut activated = Activated::default();
        for line in stdout.lines() {
            if let Some(plugin) = line.strip_prefix("activated ") {
                activated.plugins.push(plugin.to_string());
            } else if let Some(theme) = line.strip_prefix("theme ") {
                activated.theme = Some(theme.to_string());
            } else if let Some(kept) = line.strip_prefix("theme-kept ") {
                activated.theme_kept = Some(kept.to_string());
            }
        }
        Ok(activated)
    }
}

/// What the activation script did.
#[derive(Debug, Default)]
struct Activated {
    plugins: Vec<String>,
    theme: Option<String>,
    theme_kept: Option<String>,
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
