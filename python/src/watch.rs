//! Long runs from Python: the work runs on a thread of its own with the GIL released, while
//! the calling (main) thread reports progress and checks for Ctrl-C between naps.
//!
//! Ctrl-C sets a flag that the work sees at its next unit of progress ([`Watch::advance`]) or
//! its next campaign step ([`Watch::check`]); it then unwinds with a private payload, which
//! [`interruptible`] turns into Python's `KeyboardInterrupt` once the workers have stopped.
//! Nothing is killed: the kernel of a notebook survives, and a results directory that was
//! being written can be resumed (`resume=True`), as after any interruption of the CLI.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use cordon_experiment::Progress;
use pyo3::prelude::*;

/// How often the main thread wakes to check for signals and report progress.
const NAP: Duration = Duration::from_millis(100);

/// Progress counters shared by the workers and the main thread, and the cancel flag.
#[derive(Default)]
pub struct Watch {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

/// The unwinding payload of a cancelled run.
struct Cancelled;

impl Watch {
    /// Unwinds out of the work if the user asked to stop. Called between units of work.
    pub fn check(&self) {
        if self.cancel.load(Ordering::Relaxed) {
            // `resume_unwind` does not run the panic hook: nothing is printed.
            resume_unwind(Box::new(Cancelled));
        }
    }
}

impl Progress for Watch {
    fn start(&self, total: u64, done: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        self.check();
    }

    fn starting(&self) {
        self.check();
    }

    fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
        self.check();
    }

    fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }
}

/// Runs `work` on its own thread with the GIL released; meanwhile calls `progress(done, total)`
/// (when given, and when the counts changed) and checks for signals every [`NAP`].
///
/// A signal whose handler raises (Ctrl-C: `KeyboardInterrupt`) stops the work at its next
/// check and is returned once the work has unwound; so is an exception raised by `progress`.
/// A panic of the work is a `RuntimeError` with the panic's message.
pub fn interruptible<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&Watch) -> T + Send,
) -> PyResult<T> {
    let watch = Watch::default();
    let main = std::thread::current();
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| {
            let out = catch_unwind(AssertUnwindSafe(|| work(&watch)));
            main.unpark();
            out
        });
        let mut shown = (u64::MAX, u64::MAX);
        loop {
            let finished = handle.is_finished();
            if !finished {
                py.detach(|| std::thread::park_timeout(NAP));
            }
            let now = (
                watch.done.load(Ordering::Relaxed),
                watch.total.load(Ordering::Relaxed),
            );
            let reported = match progress {
                Some(callback) if now != shown && now.1 > 0 => {
                    shown = now;
                    callback.call1(now).map(drop)
                }
                _ => Ok(()),
            };
            if let Err(err) = reported.and_then(|()| py.check_signals()) {
                watch.cancel.store(true, Ordering::Relaxed);
                // Wait for the workers to unwind; what they return is dropped.
                let _ = py.detach(|| handle.join());
                return Err(err);
            }
            if finished {
                break;
            }
        }
        match py.detach(|| handle.join()) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(payload)) | Err(payload) => Err(panic_error(payload)),
        }
    })
}

/// A panic that escaped the work, as a `RuntimeError` (a cancelled run is
/// `KeyboardInterrupt`: the signal was seen by another check than ours).
fn panic_error(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    if payload.is::<Cancelled>() {
        return pyo3::exceptions::PyKeyboardInterrupt::new_err("interrupted");
    }
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    pyo3::exceptions::PyRuntimeError::new_err(format!("internal error in Cordon: {message}"))
}
