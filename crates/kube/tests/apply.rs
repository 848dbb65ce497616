//! `slipway kube apply` against a recorded API conversation: the exact
//! requests it sends (server-side apply with field manager `slipway`,
//! forced, as apply patches), the Secrets it generates, and the deletes of
//! pruning.

use std::sync::{Arc, Mutex};

use http::{Method, Request, Response, StatusCode};
use kube::client::Body;
use serde_json::{json, Value};

mod common;

/// One request as the test server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    query: String,
    content_type: String,
    body: Value,
}

impl Seen {
    /// A GET of `path`, with no query or body.
    fn get(path: String) -> Seen {
        Seen {
            method: Method::GET,
            path,
            query: String::new(),
            content_type: String::new(),
            body: Value::Null,
        }
    }
}

fn respond(status: StatusCode, body: &Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

fn not_found() -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404, "message": "not found"})
}

/// A cluster that has applied `blog-production-main` and an older
/// `blog-production-old` Deployment of the site, a Deployment of another
/// site, no Secrets, and no PhysicalBackup type (operator too old).
async fn cluster(request: Request<Body>) -> (Seen, Response<Body>) {
    let (parts, body) = request.into_parts();
    let bytes = body.collect_bytes().await.unwrap();
    let seen = Seen {
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        content_type: parts
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    };
    let response = match (seen.method.clone(), seen.path.as_str()) {
        (Method::PATCH, _) => respond(StatusCode::OK, &seen.body),
        (Method::GET, p) if p.contains("/secrets/") => respond(StatusCode::NOT_FOUND, &not_found()),
        (Method::POST, p) if p.ends_with("/secrets") => respond(StatusCode::CREATED, &seen.body),
        (Method::GET, p) if p.ends_with("/physicalbackups") => {
            respond(StatusCode::NOT_FOUND, &not_found())
        }
        (Method::GET, "/apis/apps/v1/namespaces/acme/deployments") => respond(
            StatusCode::OK,
            &json!({"apiVersion": "apps/v1", "kind": "DeploymentList", "metadata": {"resourceVersion": "7"}, "items": [
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "blog-production-main", "namespace": "acme"}},
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "blog-production-old", "namespace": "acme"}},
            ]}),
        ),
        (Method::GET, _) => respond(
            StatusCode::OK,
            &json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": "7"}, "items": []}),
        ),
        (Method::DELETE, _) => respond(
            StatusCode::OK,
            &json!({"kind": "Status", "apiVersion": "v1", "status": "Success"}),
        ),
        _ => respond(StatusCode::METHOD_NOT_ALLOWED, &not_found()),
    };
    (seen, response)
}

async fn run_apply() -> (
    slipway_kube::apply::ApplyReport,
    Vec<Seen>,
    slipway_kube::Rendered,
) {
    run_apply_of("small", "blog", "production").await
}

/// Applies the sample `case`'s environment `env` to the recorded cluster.
async fn run_apply_of(
    case: &str,
    site: &str,
    env: &str,
) -> (
    slipway_kube::apply::ApplyReport,
    Vec<Seen>,
    slipway_kube::Rendered,
) {
    let text =
        std::fs::read_to_string(common::cases_dir().join(case).join("slipway.toml")).unwrap();
    let rendered =
        slipway_kube::render_manifest(&text, "slipway.toml", site, env, Some(common::LOCK))
            .unwrap();
    let objects = &rendered;
    let (report, seen) = recorded(cluster, |client| async move {
        slipway_kube::apply::apply(&client, objects)
            .await
            .expect("apply succeeds")
    })
    .await;
    (report, seen, rendered)
}

/// Runs `work` with a client whose every request `answer` answers, and
/// returns what it gave with the requests in the order they came.
async fn recorded<A, Answered, W, Worked, T>(answer: A, work: W) -> (T, Vec<Seen>)
where
    A: Fn(Request<Body>) -> Answered + Send + 'static,
    Answered: std::future::Future<Output = (Seen, Response<Body>)> + Send,
    W: FnOnce(kube::Client) -> Worked,
    Worked: std::future::Future<Output = T>,
{
    let (service, mut handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let server = tokio::spawn(async move {
        while let Some((request, send)) = handle.next_request().await {
            let (s, response) = answer(request).await;
            record.lock().unwrap().push(s);
            send.send_response(response);
        }
    });
    // The client is dropped when `work` ends, which ends the server.
    let done = work(kube::Client::new(service, "default")).await;
    server.await.unwrap();
    let seen = seen.lock().unwrap().clone();
    (done, seen)
}

#[tokio::test]
async fn every_object_is_server_side_applied_as_slipway() {
    let (report, seen, rendered) = run_apply().await;
    let patches: Vec<&Seen> = seen.iter().filter(|s| s.method == Method::PATCH).collect();
    assert_eq!(patches.len(), rendered.objects.len());
    assert_eq!(report.applied.len(), rendered.objects.len());
    for (patch, object) in patches.iter().zip(&rendered.objects) {
        assert_eq!(
            patch.content_type, "application/apply-patch+yaml",
            "{}",
            patch.path
        );
        let query: Vec<&str> = patch.query.split('&').filter(|q| !q.is_empty()).collect();
        assert!(query.contains(&"fieldManager=slipway"), "{}", patch.query);
        assert!(query.contains(&"force=true"), "{}", patch.query);
        assert!(
            patch.path.ends_with(&format!("/{}", object.name())),
            "{}",
            patch.path
        );
        assert_eq!(
            patch.body,
            serde_json::to_value(object).unwrap(),
            "{}",
            patch.path
        );
    }
    // Exact addresses of a cluster-scoped, a core and a custom object.
    let paths: Vec<&str> = patches.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths[0], "/api/v1/namespaces/acme");
    assert_eq!(
        paths[1],
        "/apis/scheduling.k8s.io/v1/priorityclasses/slipway-web"
    );
    assert!(paths.contains(&"/apis/apps/v1/namespaces/acme/deployments/blog-production-main"));
    assert!(paths.contains(
        &"/apis/k8s.mariadb.com/v1alpha1/namespaces/acme/databases/blog-production-main"
    ));
    assert!(paths.contains(&"/apis/networking.k8s.io/v1/namespaces/acme/ingresses/blog-production"));
}

#[tokio::test]
async fn missing_secrets_are_generated_after_the_namespace_and_before_the_pods() {
    let (report, seen, _) = run_apply().await;
    assert_eq!(
        report.secrets_created,
        ["blog-production-db", "blog-production-wordpress"]
    );
    let position = |pred: &dyn Fn(&Seen) -> bool| seen.iter().position(pred).unwrap();
    let namespace = position(&|s| s.method == Method::PATCH && s.path == "/api/v1/namespaces/acme");
    let first_secret = position(&|s| s.method == Method::POST);
    let deployment = position(&|s| s.method == Method::PATCH && s.path.contains("/deployments/"));
    assert!(namespace < first_secret && first_secret < deployment);
    let posts: Vec<&Seen> = seen.iter().filter(|s| s.method == Method::POST).collect();
    assert_eq!(posts[0].path, "/api/v1/namespaces/acme/secrets");
    assert!(
        posts[0].query.contains("fieldManager=slipway"),
        "{}",
        posts[0].query
    );
    let data = posts[1].body["data"].as_object().unwrap();
    assert_eq!(data.len(), slipway_kube::WORDPRESS_KEYS.len());
    // Base64 of 64 random characters, and no two alike.
    let values: std::collections::BTreeSet<&str> =
        data.values().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(values.len(), data.len());
    assert!(values.iter().all(|v| v.len() == 88), "{values:?}");
    assert_eq!(
        posts[0].body["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "slipway"
    );
}

#[tokio::test]
async fn a_derived_environment_gets_a_generated_hexadecimal_scrub_key() {
    let (report, seen, _) = run_apply_of("multisite", "network", "staging").await;
    assert!(
        report
            .secrets_created
            .contains(&"network-staging-scrub".to_string()),
        "{:?}",
        report.secrets_created
    );
    let post = seen
        .iter()
        .find(|s| s.method == Method::POST && s.body["metadata"]["name"] == "network-staging-scrub")
        .expect("the scrub key's Secret is created");
    let secret: k8s_openapi::api::core::v1::Secret =
        serde_json::from_value(post.body.clone()).unwrap();
    let data = secret.data.unwrap();
    assert_eq!(data.keys().collect::<Vec<_>>(), ["key"]);
    // What `slipway derive --scrub-key-file` reads: 64 hexadecimal digits.
    let key = &data["key"].0;
    assert_eq!(key.len(), 64, "{key:?}");
    assert!(key.iter().all(u8::is_ascii_hexdigit), "{key:?}");
}

#[tokio::test]
async fn objects_no_longer_rendered_are_pruned_by_label() {
    let (report, seen, _) = run_apply().await;
    let lists: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.method == Method::GET && s.query.contains("labelSelector"))
        .collect();
    assert!(!lists.is_empty());
    let selector = "labelSelector=app.kubernetes.io%2Fmanaged-by%3Dslipway%2Cslipway.dev%2Fenvironment%3Dproduction%2Cslipway.dev%2Fsite%3Dblog%2Cslipway.dev%2Ftenant%3Dacme";
    for list in &lists {
        assert!(list.query.contains(selector), "{}", list.query);
        assert!(
            list.path.starts_with("/api") && list.path.contains("/namespaces/acme/"),
            "{}",
            list.path
        );
    }
    let deletes: Vec<&Seen> = seen.iter().filter(|s| s.method == Method::DELETE).collect();
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(
        deletes[0].path,
        "/apis/apps/v1/namespaces/acme/deployments/blog-production-old"
    );
    assert_eq!(deletes[0].body["propagationPolicy"], "Background");
    assert_eq!(report.pruned, ["Deployment/blog-production-old"]);
}

/// A cluster where the Deployment of `green` reports `available` of its 2
/// replicas, and the Service selects `blue`; everything else as `cluster`.
async fn blue_green(request: Request<Body>, available: i32) -> (Seen, Response<Body>) {
    let path = request.uri().path().to_string();
    if request.method() == Method::GET && path.ends_with("/deployments/blog-production-green") {
        let seen = Seen::get(path);
        let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "blog-production-green", "namespace": "acme", "generation": 3},
            "spec": {"replicas": 2, "selector": {}, "template": {}},
            "status": {"observedGeneration": 3, "replicas": 2, "updatedReplicas": 2, "availableReplicas": available}});
        return (seen, respond(StatusCode::OK, &deployment));
    }
    if request.method() == Method::GET && path.ends_with("/services/blog-production") {
        let seen = Seen::get(path);
        let service = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "blog-production", "namespace": "acme"},
            "spec": {"selector": {"slipway.dev/instance": "blue"}}});
        return (seen, respond(StatusCode::OK, &service));
    }
    cluster(request).await
}

async fn run_switch(
    available: i32,
) -> (
    slipway_kube::Result<slipway_kube::switch::Switched>,
    Vec<Seen>,
) {
    let text = std::fs::read_to_string(common::cases_dir().join("small/slipway.toml")).unwrap()
        + "\n[kubernetes.env.production]\ninstances = [\"blue\", \"green\"]\nactive = \"blue\"\n";
    let text =
        slipway_kube::switch::with_active(&text, "slipway.toml", "production", "green").unwrap();
    let rendered = slipway_kube::render_manifest(
        &text,
        "slipway.toml",
        "blog",
        "production",
        Some(common::LOCK),
    )
    .unwrap();
    recorded(
        move |request| blue_green(request, available),
        |client| async move { slipway_kube::switch::switch(&client, &rendered, "green").await },
    )
    .await
}

#[tokio::test]
async fn a_switch_routes_the_service_to_a_ready_instance_only() {
    let (switched, seen) = run_switch(2).await;
    let switched = switched.expect("a ready instance is switched to");
    assert_eq!(switched.from.as_deref(), Some("blue"));
    let service = seen
        .iter()
        .find(|s| {
            s.method == Method::PATCH
                && s.path == "/api/v1/namespaces/acme/services/blog-production"
        })
        .expect("the Service is applied");
    assert_eq!(
        service.body["spec"]["selector"]["slipway.dev/instance"],
        "green"
    );
    // Both instances stay: the one left is the rollback.
    for instance in ["blue", "green"] {
        assert!(seen.iter().any(|s| s.method == Method::PATCH
            && s.path
                == format!(
                    "/apis/apps/v1/namespaces/acme/deployments/blog-production-{instance}"
                )));
    }

    let (switched, seen) = run_switch(1).await;
    let error = switched
        .expect_err("half the replicas are not enough")
        .to_string();
    assert!(
        error.contains("Deployment/blog-production-green is not ready (1 of 2 replicas available"),
        "{error}"
    );
    assert!(
        seen.iter().all(|s| s.method == Method::GET),
        "nothing is sent: {seen:?}"
    );
}

/// The pods of `blog-staging`: a web pod and a wp-cron pod whose PHP
/// trapped the same message and another, a web pod whose PHP has not
/// started (no log to read), and a pod without PHP.
async fn staging_pods(request: Request<Body>) -> (Seen, Response<Body>) {
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let seen = Seen {
        query: query.clone(),
        ..Seen::get(path.clone())
    };
    let trapped = |id: &str, subject: &str| {
        format!("slipway mail trap: {{\"id\":\"{id}\",\"time\":\"2026-12-02T10:05:01Z\",\"from\":\"WordPress <wordpress@staging.blog.acme.example>\",\"to\":[\"anna@example.test\"],\"subject\":\"{subject}\",\"sender\":null,\"bytes\":812}}\n")
    };
    let text = |body: String| {
        Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/plain")
            .body(Body::from(body.into_bytes()))
            .unwrap()
    };
    let response = match path.as_str() {
        "/api/v1/namespaces/acme/pods" => {
            let pod = |name: &str, container: &str, state: Value| {
                json!({"metadata": {"name": name, "namespace": "acme"},
                    "spec": {"containers": [{"name": container}]},
                    "status": {"containerStatuses": [{"name": container, "state": state,
                        "image": "i", "imageID": "", "ready": true, "restartCount": 0}]}})
            };
            let running = json!({"running": {}});
            respond(
                StatusCode::OK,
                &json!({"apiVersion": "v1", "kind": "PodList", "metadata": {}, "items": [
                    pod("blog-staging-main-5d8c-abcde", "php", running.clone()),
                    pod("blog-staging-cron-2921-xk2p", "php", json!({"terminated": {"exitCode": 0}})),
                    pod("blog-staging-main-5d8c-waits", "php", json!({"waiting": {"reason": "PodInitializing"}})),
                    pod("blog-staging-exporter-0", "metrics", running),
                ]}),
            )
        }
        "/api/v1/namespaces/acme/pods/blog-staging-main-5d8c-abcde/log" => text(format!(
            "NOTICE: ready to handle connections\n{}{}",
            trapped("20261202T100501Z-3f2a9c", "[Blog] Password Reset"),
            trapped("20261202T100900Z-77aa01", "[Blog] New comment"),
        )),
        "/api/v1/namespaces/acme/pods/blog-staging-cron-2921-xk2p/log" => {
            text(trapped("20261202T100501Z-3f2a9c", "[Blog] Password Reset"))
        }
        _ => respond(StatusCode::NOT_FOUND, &not_found()),
    };
    (seen, response)
}

#[tokio::test]
async fn trapped_mail_is_read_from_the_php_logs_of_the_environment_s_pods() {
    let text = std::fs::read_to_string(common::cases_dir().join("small/slipway.toml")).unwrap();
    let rendered =
        slipway_kube::render_manifest(&text, "slipway.toml", "blog", "staging", Some(common::LOCK))
            .unwrap();
    let (mail, seen) = recorded(staging_pods, |client| async move {
        slipway_kube::mail::trapped_mail(&client, &rendered).await
    })
    .await;
    let mail = mail.expect("the logs are read");
    let listed: Vec<(&str, &str)> = mail
        .iter()
        .map(|m| (m.id.as_str(), m.subject.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("20261202T100501Z-3f2a9c", "[Blog] Password Reset"),
            ("20261202T100900Z-77aa01", "[Blog] New comment"),
        ]
    );
    // Pods of this environment only, and only their PHP container's log.
    let list = &seen[0];
    assert_eq!(list.path, "/api/v1/namespaces/acme/pods");
    let selector = list
        .query
        .split('&')
        .find_map(|q| q.strip_prefix("labelSelector="))
        .unwrap()
        .replace("%3D", "=")
        .replace("%2C", ",")
        .replace("%2F", "/");
    for label in [
        "slipway.dev/site=blog",
        "slipway.dev/environment=staging",
        "slipway.dev/tenant=acme",
    ] {
        assert!(selector.split(',').any(|l| l == label), "{selector}");
    }
    let logs: Vec<(&str, bool)> = seen[1..]
        .iter()
        .map(|s| {
            let php = s.query.split('&').any(|q| q == "container=php");
            (s.path.as_str(), php)
        })
        .collect();
    assert_eq!(
        logs,
        [
            (
                "/api/v1/namespaces/acme/pods/blog-staging-main-5d8c-abcde/log",
                true
            ),
            (
                "/api/v1/namespaces/acme/pods/blog-staging-cron-2921-xk2p/log",
                true
            ),
        ]
    );
}
