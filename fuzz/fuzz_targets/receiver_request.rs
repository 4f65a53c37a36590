//! The hub's receiver reading raw HTTP/1 requests from the network: the bytes go to one
//! in-memory connection served by the real routes (offer, upload, submit, review, documents,
//! the verification page) over a real hub that holds the test vectors' region key, so that a
//! well-formed offer reaches the offer's checks and the upload of its files.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use livinglab_transport::receiver::{Limits, Receiver};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::runtime::Runtime;

struct Served {
    runtime: Runtime,
    receiver: Receiver,
    _dir: tempfile::TempDir,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let hub_dir = dir.path().join("hub");
        let mut hub = livinglab_hub::Hub::init(&hub_dir, "Hub uji").unwrap();
        let key = livinglab_fuzz::region_key().identity().public_key.clone();
        hub.add_key("32.04", None, &key, None, "fuzz").unwrap();
        drop(hub);
        let limits = Limits {
            per_region_per_minute: 1_000_000,
            idle: Duration::from_millis(500),
            shutdown_grace: Duration::from_millis(100),
            ..Limits::default()
        };
        let signer = livinglab_sign::Signer::from_secret_scalar(&[7; 32], time::OffsetDateTime::UNIX_EPOCH).unwrap();
        let receiver =
            runtime.block_on(Receiver::bind(&hub_dir, "127.0.0.1:0".parse().unwrap(), None, signer, limits)).unwrap();
        Served { runtime, receiver, _dir: dir }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = served();
    s.runtime.block_on(async {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let serve = s.receiver.serve_stream(server);
        let send = async move {
            let _ = to_server.write_all(data).await;
            let _ = to_server.shutdown().await;
        };
        let read = async move {
            let mut answer = Vec::new();
            let _ = from_server.read_to_end(&mut answer).await;
        };
        let both = async { tokio::join!(serve, send, read) };
        tokio::time::timeout(Duration::from_secs(20), both).await.expect("the receiver answers or closes in time");
    });
});
