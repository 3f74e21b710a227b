//! The server as `tongxin serve` runs it, for the operations tests.

use tongxin::app::{AppState, router};
use tongxin::config::Config;

/// A server as `tongxin serve` runs it (`app::serve`: timeouts, graceful shutdown) on
/// `127.0.0.1:0`, with `config`'s serving settings.
pub struct Server {
    pub base: String,
    pub address: std::net::SocketAddr,
    /// Cancel to shut the server down (as SIGTERM does).
    pub shutdown: tokio_util::sync::CancellationToken,
    /// Resolves when the server has stopped: whether it drained before the deadline.
    pub stopped: tokio::task::JoinHandle<bool>,
}

/// Serves `app::router` with `tongxin::app::serve::serve` and `config`.
pub async fn spawn_server(db: impl Into<tongxin::db::Db>, config: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let address = listener.local_addr().expect("local address");
    let settings = tongxin::app::serve::ServeSettings::from_config(&config.ops);
    let state = AppState::new(db, config);
    let shutdown = state.shutdown.clone();
    let stopped = tokio::spawn(tongxin::app::serve::serve(
        listener,
        router(state),
        settings,
        shutdown.clone(),
    ));
    Server {
        base: format!("http://{address}"),
        address,
        shutdown,
        stopped,
    }
}
