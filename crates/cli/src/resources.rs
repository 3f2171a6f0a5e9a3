//! The machine's side of the resource model: an estimate of what a command will hold in memory
//! is checked against the memory this machine has, before the command starts.

use crate::exit::bad_input;

/// The machine's physical memory in bytes (`MemTotal` of /proc/meminfo), if known.
pub fn machine_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Refuses (exit 2) a command whose estimated memory exceeds the machine's; `what` names it and
/// `sizes` says what drives the estimate.
pub fn check_memory(estimate: u64, what: &str, sizes: &str) -> anyhow::Result<()> {
    let Some(total) = machine_memory() else {
        return Ok(());
    };
    if estimate > total {
        return Err(bad_input(format!(
            "error: {what} would need about {} of memory ({sizes}); this machine has {}",
            cordon_model::limits::format_bytes(estimate),
            cordon_model::limits::format_bytes(total)
        )));
    }
    Ok(())
}
