//! The edge-list CSV parser, directed and undirected: a graph or `NetError::Csv`, never a
//! panic; what parses goes through the measures when small.
#![no_main]

use cordon_net::{NetError, NetGraph};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for directed in [false, true] {
        match NetGraph::from_csv(&text, directed) {
            Ok(graph) if graph.node_count() <= 40 => {
                let _ = cordon_net::measures::metrics(&graph);
            }
            Ok(_) | Err(NetError::Csv { .. }) => {}
            Err(other) => panic!("a parse error is NetError::Csv, got {other:?}"),
        }
    }
});
