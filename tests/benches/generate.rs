//! Whole generations (read, check, emit, format, write) of synthetic spec sets of 10, 100 and
//! 1000 operations, each into a fresh, empty crate directory.
//!
//! ```text
//! cargo bench -p cloud-backup-tests --bench generate
//! cargo bench -p cloud-backup-tests --bench generate -- generate/100 --warm-up-time 0.5 --measurement-time 1
//! ```
//!
//! Besides criterion's timings (with throughput in operations per second), one generation per
//! size is run outside criterion with a counting allocator: its peak heap and time are printed
//! as `generate/<N>: peak heap <MiB>, <ms>` and written to `target/criterion/generate-memory.json`
//! (size → peak bytes; sizes not run keep their earlier values).
//!
//! `generate-errors/*` times a generation that fails with 10,000 errors in one file (unknown
//! keys of an operation, one per line or all on one 3 MB line), up to the rendered report.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloud_backup_tests::synthetic;
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use tempfile::TempDir;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZES: [usize; 3] = [10, 100, 1000];

fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

/// Where criterion writes its reports.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
        .join("criterion")
}

/// A fresh crate directory holding what generation needs of the generated crate: its manifest
/// (crate name, provider features).
fn empty_crate() -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::copy(
        root().join("generated/Cargo.toml"),
        dir.path().join("Cargo.toml"),
    )
    .expect("copying generated/Cargo.toml");
    dir
}

fn generate(specs: &Path, out: &Path) {
    if let Err(e) = specgen::generate(specs, out, specgen::Mode::Write) {
        panic!("generation failed:\n{e}");
    }
}

/// One generation outside criterion: its peak heap above what was in use before, and its time.
fn measure_once(specs: &Path) -> (usize, Duration) {
    let out = empty_crate();
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    generate(specs, out.path());
    let time = start.elapsed();
    (PEAK.load(Ordering::Relaxed) - before, time)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[derive(Default)]
struct Report {
    /// Size → (peak heap bytes, time) of the run outside criterion.
    memory: BTreeMap<usize, (usize, Duration)>,
    /// Size → the fastest generation timed under criterion.
    fastest: BTreeMap<usize, Duration>,
}

impl Report {
    fn print_and_save(&self) {
        if self.memory.is_empty() {
            return;
        }
        println!();
        for (n, (peak, time)) in &self.memory {
            println!(
                "generate/{n}: peak heap {:.1} MiB, {:.0} ms",
                mib(*peak),
                ms(*time)
            );
        }
        for (n, (peak, time)) in &self.memory {
            let fastest = self.fastest.get(n).map_or_else(String::new, |f| {
                format!(
                    "; fastest under criterion {:.1} ms, {:.2} ms per operation",
                    ms(*f),
                    ms(*f) / *n as f64
                )
            });
            println!(
                "generate/{n}: {:.2} ms and {:.1} KiB of peak heap per operation{fastest}",
                ms(*time) / *n as f64,
                *peak as f64 / 1024.0 / *n as f64,
            );
        }
        let path = criterion_dir().join("generate-memory.json");
        let mut saved: BTreeMap<String, serde_json::Value> = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        for (n, (peak, _)) in &self.memory {
            saved.insert(n.to_string(), (*peak).into());
        }
        let text = serde_json::to_string_pretty(&saved).expect("JSON") + "\n";
        match fs::create_dir_all(path.parent().expect("a parent"))
            .and_then(|()| fs::write(&path, text))
        {
            Ok(()) => println!("peak heap written to {}", path.display()),
            Err(e) => eprintln!("cannot write {}: {e}", path.display()),
        }
    }
}

fn bench_generate(c: &mut Criterion) {
    let seeds = synthetic::default_seed_dir();
    let report = RefCell::new(Report::default());
    let mut group = c.benchmark_group("generate");
    for n in SIZES {
        let specs = tempfile::tempdir().expect("a temporary directory");
        synthetic::write_spec_set(&seeds, n, specs.path())
            .unwrap_or_else(|e| panic!("synthetic specs of {n} operations: {e}"));
        group.throughput(Throughput::Elements(n as u64));
        // Few samples of the large sets, each of as few generations as the time allows.
        if n >= 100 {
            group.sample_size(10).sampling_mode(SamplingMode::Flat);
        } else {
            group.sample_size(30).sampling_mode(SamplingMode::Auto);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            // Once per size (the closure runs for every sample): the peak heap, outside timing.
            if !report.borrow().memory.contains_key(&n) {
                let measured = measure_once(specs.path());
                report.borrow_mut().memory.insert(n, measured);
            }
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let out = empty_crate();
                    let start = Instant::now();
                    generate(specs.path(), out.path());
                    let time = start.elapsed();
                    total += time;
                    let mut report = report.borrow_mut();
                    let fastest = report.fastest.entry(n).or_insert(time);
                    *fastest = (*fastest).min(time);
                    drop(report);
                    // Removing the output is not timed either.
                    drop(out);
                }
                total
            });
        });
    }
    group.finish();
    report.borrow().print_and_save();
}

/// The bad-spec base with its operation file replaced by `demo`.
fn failing_specs(demo: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = root().join("tests/bad-specs/base");
    let mut pending = vec![base.clone()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).expect("the bad-spec base") {
            let path = entry.expect("an entry").path();
            let target = dir
                .path()
                .join("specs")
                .join(path.strip_prefix(&base).expect("under the base"));
            if path.is_dir() {
                pending.push(path);
            } else {
                fs::create_dir_all(target.parent().expect("a parent")).expect("a directory");
                fs::copy(&path, &target).expect("a copy");
            }
        }
    }
    fs::write(dir.path().join("specs/example/demo/Demo.yaml"), demo).expect("Demo.yaml");
    dir
}

/// A generation that fails, with its report rendered as the CLI prints it.
fn fail_and_render(specs: &Path, out: &Path) -> usize {
    match specgen::generate(specs, out, specgen::Mode::Check) {
        Err(specgen::Failure::Specs(sources, errors)) => errors.render(&sources, false).len(),
        _ => panic!("the specs were expected to fail"),
    }
}

fn bench_errors(c: &mut Criterion) {
    const ERRORS: usize = 10_000;
    let base = fs::read_to_string(root().join("tests/bad-specs/base/example/demo/Demo.yaml"))
        .expect("the base operation");
    let per_line: String = base.clone()
        + &(0..ERRORS)
            .map(|i| format!("unknown_key_{i}: 1\n"))
            .collect::<String>();
    // The same keys in one flow mapping on one line, after a 3 MB description.
    let keys: String = (0..ERRORS)
        .map(|i| format!(", unknown_key_{i}: 1"))
        .collect();
    let one_line = format!(
        "{{operation: Demo, description: \"{}\", source: {{document: pages/Demo.txt, title: Demo}}, http: {{method: POST, path: /}}, response: {{fields: [{{name: Id, type: string, description: The id.}}]}}{keys}}}\n",
        "x".repeat(3_000_000)
    );
    let mut group = c.benchmark_group("generate-errors");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (name, demo) in [("10000", per_line), ("10000-one-line", one_line)] {
        let specs = failing_specs(&demo);
        let out = empty_crate();
        let specs_dir = specs.path().join("specs");
        assert!(fail_and_render(&specs_dir, out.path()) > 0);
        group.bench_function(name, |b| b.iter(|| fail_and_render(&specs_dir, out.path())));
    }
    group.finish();
}

criterion_group!(benches, bench_generate, bench_errors);
criterion_main!(benches);
