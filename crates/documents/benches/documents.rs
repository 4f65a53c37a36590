//! How long the documents of a full 47-indicator period take to make (the example workspace,
//! period 2025: 47 answered indicators, evidence, actions). Figures: docs/BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use livinglab_core::i18n::Lang;
use livinglab_documents::{dashboard, letter, report, sample, xlsx};
use time::macros::date;

fn documents(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let today = date!(2026 - 11 - 21);
    let ws = sample::create(&tmp.path().join("ws"), today).unwrap();
    assert_eq!(ws.assessments(2025).unwrap().len(), 47);
    let mut group = c.benchmark_group("documents");
    group.sample_size(20);
    group.bench_function("progress report PDF, 47 indicators", |b| {
        b.iter(|| report::preview(&ws, 2025, Lang::Id, today).unwrap())
    });
    let draft = letter::draft(&ws, Lang::Id, today).unwrap();
    group.bench_function("commitment letter PDF", |b| b.iter(|| letter::preview(&ws, &draft).unwrap()));
    group.bench_function("dashboard with charts", |b| {
        b.iter(|| dashboard::dashboard(&ws, 2025, Lang::Id, today).unwrap())
    });
    group.bench_function("Excel export", |b| b.iter(|| xlsx::period_workbook(&ws, 2025).unwrap()));
    group.finish();
    let size = report::preview(&ws, 2025, Lang::Id, today).unwrap().len();
    println!("progress report size: {size} bytes");
}

criterion_group!(benches, documents);
criterion_main!(benches);
