//! The catalog handle and its transactional changes.

use std::fs::OpenOptions;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{CatalogError, Context, Subject};
use crate::model::{
    Environment, Event, Instance, InstanceState, Multisite, Origin, Release, ReleaseKind,
    ReleaseState, Site, Version,
};
use crate::{names, read, schema, timestamp};

/// How long to wait for another process's change before giving up: long
/// enough to ride out any single catalog transaction, short enough that a
/// stuck process shows up as an error rather than a hang.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// MariaDB's limit on database names (account names may be longer).
const MAX_DB_NAME: usize = 64;

/// An open catalog: the local runtime's record of sites, environments,
/// instances and what happened to them.
///
/// Reads see the last committed state. Every write goes through
/// [`Catalog::change`], so a crash or an error never leaves half of an
/// operation recorded.
#[derive(Debug)]
pub struct Catalog {
    conn: Connection,
    /// The file, or `:memory:`, for error messages.
    location: String,
}

impl Catalog {
    /// Opens the catalog at `path`, creating it (mode 0600) if it does not
    /// exist, and migrates it to this build's schema.
    ///
    /// The directory must exist: the state directory is the runtime's to
    /// create, with the permissions it chooses.
    pub fn open(path: &Path) -> Result<Catalog, CatalogError> {
        create_private(path)?;
        let location = path.display().to_string();
        // Without SQLITE_OPEN_CREATE: the file was made above with the right
        // mode, and if it vanished since, failing beats recreating it with
        // the umask's.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .context(|| format!("opening the catalog {location}"))?;
        Catalog::init(conn, location)
    }

    /// Opens a fresh catalog that lives in memory only, for tests and dry
    /// runs.
    pub fn open_in_memory() -> Result<Catalog, CatalogError> {
        let location = ":memory:".to_owned();
        let conn =
            Connection::open_in_memory().context(|| "opening an in-memory catalog".to_owned())?;
        Catalog::init(conn, location)
    }

    fn init(mut conn: Connection, location: String) -> Result<Catalog, CatalogError> {
        // First, so that even switching to WAL waits for another process
        // that is opening or changing the catalog at the same moment.
        conn.busy_timeout(BUSY_TIMEOUT)
            .context(|| format!("setting the busy timeout of the catalog {location}"))?;
        enable_wal(&conn, &location)?;
        // Off by default in SQLite, and the cascades depend on it.
        conn.pragma_update(None, "foreign_keys", true)
            .context(|| format!("enabling foreign keys in the catalog {location}"))?;
        schema::migrate(&mut conn, &location)?;
        Ok(Catalog { conn, location })
    }

    /// The catalog's schema version; after opening, always
    /// [`SCHEMA_VERSION`](crate::SCHEMA_VERSION).
    pub fn schema_version(&self) -> Result<u32, CatalogError> {
        schema::version(&self.conn, &self.location)
    }

    /// All sites, by name.
    pub fn sites(&self) -> Result<Vec<Site>, CatalogError> {
        read::sites(&self.conn)
    }

    /// The site called `name`, if any.
    pub fn site(&self, name: &str) -> Result<Option<Site>, CatalogError> {
        read::site(&self.conn, name)
    }

    /// The environments of `site`, production first, then by name; an error
    /// if the site does not exist.
    pub fn environments(&self, site: &str) -> Result<Vec<Environment>, CatalogError> {
        read::environments(&self.conn, site)
    }

    /// The environment `env` of `site`, if any.
    pub fn environment(&self, site: &str, env: &str) -> Result<Option<Environment>, CatalogError> {
        read::environment(&self.conn, site, env)
    }

    /// The instances of `site`, or of every site, oldest first; an error if
    /// the site given does not exist.
    pub fn instances(&self, site: Option<&str>) -> Result<Vec<Instance>, CatalogError> {
        read::instances(&self.conn, site)
    }

    /// The instance with id `id`, if any.
    pub fn instance(&self, id: &str) -> Result<Option<Instance>, CatalogError> {
        read::instance(&self.conn, id)
    }

    /// The last `limit` events of `site` (removed sites included), or of the
    /// whole catalog, newest last.
    pub fn events(&self, site: Option<&str>, limit: usize) -> Result<Vec<Event>, CatalogError> {
        read::events(&self.conn, site, limit)
    }

    /// The versions of `site`, oldest first.
    pub fn versions(&self, site: &str) -> Result<Vec<Version>, CatalogError> {
        read::versions(&self.conn, site)
    }

    /// The version `id`, if it exists.
    pub fn version(&self, id: &str) -> Result<Option<Version>, CatalogError> {
        read::version(&self.conn, id)
    }

    /// The releases and rollbacks of `site`, or of every site, oldest
    /// first.
    pub fn releases(&self, site: Option<&str>) -> Result<Vec<Release>, CatalogError> {
        read::releases(&self.conn, site)
    }

    /// The release numbered `seq`, if any.
    pub fn release(&self, seq: i64) -> Result<Option<Release>, CatalogError> {
        read::release(&self.conn, seq)
    }

    /// Where instance `id`'s content came from, if recorded.
    pub fn origin(&self, id: &str) -> Result<Option<Origin>, CatalogError> {
        read::origin(&self.conn, id)
    }

    /// Runs `f` inside one SQLite transaction; commits if it returns Ok,
    /// rolls back otherwise (and on panic, by drop).
    ///
    /// The transaction takes the write lock at once, waiting up to ten
    /// seconds for another process's change, so what `f` reads stays true
    /// until it commits.
    pub fn change<T, E: From<CatalogError>>(
        &mut self,
        f: impl FnOnce(&mut Change<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let location = &self.location;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(|| format!("starting a change of the catalog {location}"))?;
        let mut change = Change { tx };
        let value = f(&mut change)?;
        change
            .tx
            .commit()
            .context(|| format!("committing a change of the catalog {location}"))?;
        Ok(value)
    }
}

/// Switches the catalog to write-ahead logging, which lets the CLI read
/// while a long operation holds the write lock.
///
/// Changing the journal mode needs the database to itself and SQLite reports
/// "busy" at once instead of calling the busy handler, so two processes
/// opening a new catalog together would fail without the retries here. An
/// in-memory database answers "memory", and a file system without shared
/// memory keeps its old mode; both still work, only with less concurrency,
/// so the answer is not checked.
fn enable_wal(conn: &Connection, location: &str) -> Result<(), CatalogError> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        let switched = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0));
        match switched {
            Ok(_mode) => return Ok(()),
            Err(error)
                if error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(10));
            }
            Err(source) => {
                return Err(CatalogError::Sqlite {
                    context: format!("switching the catalog {location} to WAL"),
                    source,
                })
            }
        }
    }
}

/// Creates the catalog file readable by its owner only, if it is missing;
/// an existing file keeps the permissions it has.
fn create_private(path: &Path) -> Result<(), CatalogError> {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // SQLite gives its -wal and -shm files the database file's mode, so
        // this one setting covers all three.
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|source| CatalogError::Create {
            path: path.to_owned(),
            source,
        })
}

/// What [`Change::add_version`] records.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// The site.
    pub site: &'a str,
    /// The environment drawn.
    pub environment: &'a str,
    /// The instance drawn.
    pub instance: &'a str,
    /// The repository snapshot holding the version.
    pub snapshot: &'a str,
    /// The version it was drawn after.
    pub parent: Option<&'a str>,
    /// Where the database's change log stood.
    pub position: Option<&'a str>,
    /// Its metadata, as JSON.
    pub meta: &'a str,
}

/// What [`Change::add_release`] records: a release or rollback that
/// starts now, `running`.
#[derive(Debug, Clone, Copy)]
pub struct NewRelease<'a> {
    /// The site.
    pub site: &'a str,
    /// The environment to switch.
    pub environment: &'a str,
    /// Release or rollback.
    pub kind: ReleaseKind,
    /// The instance the environment serves now.
    pub from_instance: Option<&'a str>,
    /// The version whose code is released, or rolled back to.
    pub candidate: Option<&'a str>,
}

/// Fields of a release that [`Change::update_release`] sets; `None`
/// leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReleaseUpdate {
    /// Its new state; any state but `running` also sets its end time.
    pub state: Option<ReleaseState>,
    /// The instance it switches to.
    pub to_instance: Option<String>,
    /// The version whose code is released.
    pub candidate: Option<String>,
    /// The checkpoint version.
    pub checkpoint: Option<String>,
    /// The content version.
    pub content: Option<String>,
    /// How long writes were refused, in milliseconds.
    pub freeze_ms: Option<i64>,
    /// What happened, for people.
    pub message: Option<String>,
}

impl ReleaseUpdate {
    /// The update that ends a release in `state`, saying `message`.
    pub fn ended(state: ReleaseState, message: &str) -> ReleaseUpdate {
        ReleaseUpdate {
            state: Some(state),
            message: Some(message.to_string()),
            ..ReleaseUpdate::default()
        }
    }
}

/// One transaction on the catalog, handed to the closure of
/// [`Catalog::change`].
///
/// Reads through it see the transaction's own writes.
#[derive(Debug)]
pub struct Change<'a> {
    tx: Transaction<'a>,
}

impl Change<'_> {
    /// All sites, by name.
    pub fn sites(&self) -> Result<Vec<Site>, CatalogError> {
        read::sites(&self.tx)
    }

    /// The site called `name`, if any.
    pub fn site(&self, name: &str) -> Result<Option<Site>, CatalogError> {
        read::site(&self.tx, name)
    }

    /// The environments of `site`, production first, then by name; an error
    /// if the site does not exist.
    pub fn environments(&self, site: &str) -> Result<Vec<Environment>, CatalogError> {
        read::environments(&self.tx, site)
    }

    /// The environment `env` of `site`, if any.
    pub fn environment(&self, site: &str, env: &str) -> Result<Option<Environment>, CatalogError> {
        read::environment(&self.tx, site, env)
    }

    /// The instances of `site`, or of every site, oldest first; an error if
    /// the site given does not exist.
    pub fn instances(&self, site: Option<&str>) -> Result<Vec<Instance>, CatalogError> {
        read::instances(&self.tx, site)
    }

    /// The instance with id `id`, if any.
    pub fn instance(&self, id: &str) -> Result<Option<Instance>, CatalogError> {
        read::instance(&self.tx, id)
    }

    /// Adds a site; an error if one of that name exists, or if the name or
    /// table prefix is unsafe (see [`CatalogError::InvalidName`]).
    pub fn add_site(
        &mut self,
        name: &str,
        title: &str,
        multisite: Option<Multisite>,
        table_prefix: &str,
    ) -> Result<Site, CatalogError> {
        names::check_site_name(name)?;
        names::check_table_prefix(name, table_prefix)?;
        if read::site(&self.tx, name)?.is_some() {
            return Err(CatalogError::AlreadyExists(Subject::site(name)));
        }
        let site = Site {
            name: name.to_owned(),
            title: title.to_owned(),
            multisite,
            table_prefix: table_prefix.to_owned(),
            created_at: timestamp::now(),
        };
        self.tx
            .execute(
                "INSERT INTO sites (name, title, multisite, table_prefix, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    site.name,
                    site.title,
                    site.multisite.map(Multisite::as_str),
                    site.table_prefix,
                    site.created_at
                ],
            )
            .context(|| format!("adding site {name} to the catalog"))?;
        Ok(site)
    }

    /// Adds environment `name` to `site`, pointing at no instance yet; an
    /// error if the site is missing or already has such an environment.
    pub fn add_environment(
        &mut self,
        site: &str,
        name: &str,
        url: &str,
    ) -> Result<Environment, CatalogError> {
        names::check_environment_name(name)?;
        read::require_site(&self.tx, site)?;
        if read::environment(&self.tx, site, name)?.is_some() {
            return Err(CatalogError::AlreadyExists(Subject::environment(
                site, name,
            )));
        }
        let environment = Environment {
            site: site.to_owned(),
            name: name.to_owned(),
            url: url.to_owned(),
            instance: None,
            created_at: timestamp::now(),
        };
        self.tx
            .execute(
                "INSERT INTO environments (site, name, url, instance, created_at) \
                 VALUES (?1, ?2, ?3, NULL, ?4)",
                params![site, name, url, environment.created_at],
            )
            .context(|| format!("adding environment {site}/{name} to the catalog"))?;
        Ok(environment)
    }

    /// Reserves a new instance of `site`/`env` in state
    /// [`Provisioning`](InstanceState::Provisioning), before any of its
    /// resources exist, so that a crash while making them leaves a record of
    /// what to clean up.
    ///
    /// Its number `seq` is never used again in this catalog, even after the
    /// instance is removed; its id is `{site}-{env}-{seq}`, its database and
    /// account `{site}_{env}_{seq}` with hyphens as underscores, and its
    /// directory `dir_root/{id}`.
    pub fn add_instance(
        &mut self,
        site: &str,
        env: &str,
        dir_root: &Path,
    ) -> Result<Instance, CatalogError> {
        if read::environment(&self.tx, site, env)?.is_none() {
            read::require_site(&self.tx, site)?;
            return Err(CatalogError::NotFound(Subject::environment(site, env)));
        }
        // AUTOINCREMENT records the highest seq ever used in sqlite_sequence,
        // which survives deletes; the id is derived from the seq, so it is
        // chosen before the insert rather than patched in after.
        let seq: i64 = self
            .tx
            .query_row(
                "SELECT max(
                     coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'instances'), 0),
                     coalesce((SELECT max(seq) FROM instances), 0)
                 ) + 1",
                [],
                |row| row.get(0),
            )
            .context(|| format!("numbering a new instance of {site}/{env}"))?;
        let id = format!("{site}-{env}-{seq}");
        let db_name = id.replace('-', "_");
        if db_name.len() > MAX_DB_NAME {
            return Err(CatalogError::NameTooLong {
                instance: id,
                db_name,
            });
        }
        let dir = dir_root.join(&id);
        let Some(dir_text) = dir.to_str() else {
            return Err(CatalogError::NonUtf8Path {
                site: site.to_owned(),
                environment: env.to_owned(),
                path: dir,
            });
        };
        let instance = Instance {
            id: id.clone(),
            site: site.to_owned(),
            environment: env.to_owned(),
            state: InstanceState::Provisioning,
            dir: dir.clone(),
            db_name: db_name.clone(),
            db_user: db_name,
            created_at: timestamp::now(),
        };
        self.tx
            .execute(
                "INSERT INTO instances \
                 (seq, id, site, environment, state, dir, db_name, db_user, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    seq,
                    instance.id,
                    site,
                    env,
                    instance.state.as_str(),
                    dir_text,
                    instance.db_name,
                    instance.db_user,
                    instance.created_at
                ],
            )
            .context(|| format!("adding instance {id} to the catalog"))?;
        Ok(instance)
    }

    /// Records a version drawn from `instance` of `site`/`env`, saved as
    /// repository snapshot `snapshot`; it is numbered after the site's
    /// latest and named `{site}-v{number}`.
    pub fn add_version(&mut self, new: &NewVersion<'_>) -> Result<Version, CatalogError> {
        let NewVersion {
            site,
            environment: env,
            instance,
            snapshot,
            parent,
            position,
            meta,
        } = *new;
        read::require_site(&self.tx, site)?;
        let number: i64 = self
            .tx
            .query_row(
                "SELECT coalesce(max(number), 0) + 1 FROM versions WHERE site = ?1",
                params![site],
                |row| row.get(0),
            )
            .context(|| format!("numbering a new version of {site}"))?;
        let version = Version {
            id: format!("{site}-v{number}"),
            site: site.to_owned(),
            number,
            environment: env.to_owned(),
            instance: instance.to_owned(),
            snapshot: snapshot.to_owned(),
            parent: parent.map(str::to_owned),
            position: position.map(str::to_owned),
            created_at: timestamp::now(),
            meta: meta.to_owned(),
        };
        self.tx
            .execute(
                "INSERT INTO versions \
                 (id, site, number, environment, instance, snapshot, parent, position, created_at, meta) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    version.id,
                    site,
                    number,
                    env,
                    instance,
                    snapshot,
                    version.parent,
                    version.position,
                    version.created_at,
                    meta
                ],
            )
            .context(|| format!("adding version {} to the catalog", version.id))?;
        Ok(version)
    }

    /// The versions of `site`, oldest first.
    pub fn versions(&self, site: &str) -> Result<Vec<Version>, CatalogError> {
        read::versions(&self.tx, site)
    }

    /// Records that instance `id` is now in `state`; an error if it does not
    /// exist.
    pub fn set_instance_state(
        &mut self,
        id: &str,
        state: InstanceState,
    ) -> Result<(), CatalogError> {
        let changed = self
            .tx
            .execute(
                "UPDATE instances SET state = ?2 WHERE id = ?1",
                params![id, state.as_str()],
            )
            .context(|| format!("setting the state of instance {id} to {state}"))?;
        if changed == 0 {
            return Err(CatalogError::NotFound(Subject::instance(id)));
        }
        Ok(())
    }

    /// Makes `instance_id` the instance that `site`/`env` routes to; an error
    /// if either is missing or the instance belongs to another site.
    pub fn point_environment(
        &mut self,
        site: &str,
        env: &str,
        instance_id: &str,
    ) -> Result<(), CatalogError> {
        if read::environment(&self.tx, site, env)?.is_none() {
            return Err(CatalogError::NotFound(Subject::environment(site, env)));
        }
        let Some(instance) = read::instance(&self.tx, instance_id)? else {
            return Err(CatalogError::NotFound(Subject::instance(instance_id)));
        };
        if instance.site != site {
            return Err(CatalogError::ForeignInstance {
                site: site.to_owned(),
                environment: env.to_owned(),
                instance: instance.id,
                owner: instance.site,
            });
        }
        self.tx
            .execute(
                "UPDATE environments SET instance = ?3 WHERE site = ?1 AND name = ?2",
                params![site, env, instance_id],
            )
            .context(|| format!("pointing environment {site}/{env} at instance {instance_id}"))?;
        Ok(())
    }

    /// Removes environment `env` of `site`; an error if it does not exist.
    ///
    /// Its instances stay in the catalog: their databases, files and
    /// processes are the runtime's to remove first, and the records say
    /// what there is to remove.
    pub fn remove_environment(&mut self, site: &str, env: &str) -> Result<(), CatalogError> {
        let removed = self
            .tx
            .execute(
                "DELETE FROM environments WHERE site = ?1 AND name = ?2",
                params![site, env],
            )
            .context(|| format!("removing environment {site}/{env} from the catalog"))?;
        if removed == 0 {
            return Err(CatalogError::NotFound(Subject::environment(site, env)));
        }
        Ok(())
    }

    /// Removes instance `id` (and the record of its origin); an
    /// environment pointing at it then points at none. An error if it does
    /// not exist.
    pub fn remove_instance(&mut self, id: &str) -> Result<(), CatalogError> {
        self.tx
            .execute("DELETE FROM origins WHERE instance = ?1", [id])
            .context(|| format!("removing the origin of instance {id} from the catalog"))?;
        let removed = self
            .tx
            .execute("DELETE FROM instances WHERE id = ?1", [id])
            .context(|| format!("removing instance {id} from the catalog"))?;
        if removed == 0 {
            return Err(CatalogError::NotFound(Subject::instance(id)));
        }
        Ok(())
    }

    /// Removes site `name` with its environments and instances; its events
    /// stay. An error if it does not exist.
    pub fn remove_site(&mut self, name: &str) -> Result<(), CatalogError> {
        let removed = self
            .tx
            .execute("DELETE FROM sites WHERE name = ?1", [name])
            .context(|| format!("removing site {name} from the catalog"))?;
        if removed == 0 {
            return Err(CatalogError::NotFound(Subject::site(name)));
        }
        Ok(())
    }

    /// Records that instance `id` holds version `version`, restored when its
    /// database's change log stood at `position`.
    pub fn set_origin(
        &mut self,
        id: &str,
        version: &str,
        position: Option<&str>,
    ) -> Result<(), CatalogError> {
        if read::instance(&self.tx, id)?.is_none() {
            return Err(CatalogError::NotFound(Subject::instance(id)));
        }
        self.tx
            .execute(
                "INSERT INTO origins (instance, version, position) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (instance) DO UPDATE SET version = ?2, position = ?3",
                params![id, version, position],
            )
            .context(|| format!("recording the origin of instance {id}"))?;
        Ok(())
    }

    /// Starts the record of a release or rollback, `running`.
    pub fn add_release(&mut self, new: &NewRelease<'_>) -> Result<Release, CatalogError> {
        read::require_site(&self.tx, new.site)?;
        self.tx
            .execute(
                "INSERT INTO releases (site, environment, kind, state, from_instance, candidate, \
                 started_at, message) VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?6, '')",
                params![
                    new.site,
                    new.environment,
                    new.kind.as_str(),
                    new.from_instance,
                    new.candidate,
                    timestamp::now()
                ],
            )
            .context(|| {
                format!(
                    "recording a {} of {}/{}",
                    new.kind, new.site, new.environment
                )
            })?;
        let seq = self.tx.last_insert_rowid();
        read::release(&self.tx, seq)?.ok_or(CatalogError::NotFound(Subject::release(seq)))
    }

    /// Changes the fields `update` sets of release `seq`.
    pub fn update_release(&mut self, seq: i64, update: &ReleaseUpdate) -> Result<(), CatalogError> {
        let finished = update
            .state
            .filter(|s| *s != ReleaseState::Running)
            .map(|_| timestamp::now());
        let changed = self
            .tx
            .execute(
                "UPDATE releases SET state = coalesce(?2, state), \
                 to_instance = coalesce(?3, to_instance), candidate = coalesce(?4, candidate), \
                 checkpoint = coalesce(?5, checkpoint), content = coalesce(?6, content), \
                 freeze_ms = coalesce(?7, freeze_ms), finished_at = coalesce(?8, finished_at), \
                 message = coalesce(?9, message) WHERE seq = ?1",
                params![
                    seq,
                    update.state.map(ReleaseState::as_str),
                    update.to_instance,
                    update.candidate,
                    update.checkpoint,
                    update.content,
                    update.freeze_ms,
                    finished,
                    update.message
                ],
            )
            .context(|| format!("updating release {seq}"))?;
        if changed == 0 {
            return Err(CatalogError::NotFound(Subject::release(seq)));
        }
        Ok(())
    }

    /// The releases and rollbacks of `site`, oldest first.
    pub fn releases(&self, site: &str) -> Result<Vec<Release>, CatalogError> {
        read::releases(&self.tx, Some(site))
    }

    /// Removes version `id` from the catalog (its repository snapshot is
    /// the caller's to forget); an error if it does not exist.
    pub fn remove_version(&mut self, id: &str) -> Result<(), CatalogError> {
        let removed = self
            .tx
            .execute("DELETE FROM versions WHERE id = ?1", [id])
            .context(|| format!("removing version {id} from the catalog"))?;
        if removed == 0 {
            return Err(CatalogError::NotFound(Subject::version(id)));
        }
        Ok(())
    }

    /// Appends an event to the history, about `site` or the catalog as a
    /// whole; it becomes visible only if the change commits, together with
    /// what it describes.
    pub fn event(
        &mut self,
        site: Option<&str>,
        kind: &str,
        message: &str,
    ) -> Result<(), CatalogError> {
        self.tx
            .execute(
                "INSERT INTO events (at, site, kind, message) VALUES (?1, ?2, ?3, ?4)",
                params![timestamp::now(), site, kind, message],
            )
            .context(|| match site {
                Some(site) => format!("recording a {kind} event of site {site}"),
                None => format!("recording a {kind} event"),
            })?;
        Ok(())
    }
}
