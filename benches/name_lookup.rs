//! Finding an object by Name (an XKS externalKeyId) in a SQLite store of 5,000 named keys:
//! the store's name index (`find_by_name`) against the scan it replaced (`list` every record,
//! decode each one's attributes, compare names), in the same run on the same database file.
//!
//! Run: `cargo bench -p hsmgate --bench name_lookup -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::Criterion;
use hsmgate::store::{ListFilter, Material, MetadataStore, ObjectRecord, SqliteStore};
use hsmgate_kmip::ttlv::{to_bytes, Item, Tag, Value};

const OBJECTS: usize = 5_000;

fn attributes(name: &str) -> Vec<u8> {
    let fields = vec![
        Item::new(
            Tag::NAME,
            Value::Structure(vec![
                Item::new(Tag::NAME_VALUE, Value::TextString(name.into())),
                Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
            ]),
        ),
        Item::new(Tag::CRYPTOGRAPHIC_ALGORITHM, Value::Enumeration(3)),
        Item::new(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(256)),
        Item::new(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(12)),
    ];
    to_bytes(&Item::new(Tag::ATTRIBUTES, Value::Structure(fields))).to_vec()
}

/// The look-up as it was: every visible record, each one's attributes decoded.
fn scan(store: &SqliteStore, name: &str) -> Vec<ObjectRecord> {
    store
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .filter(|record| {
            let item =
                hsmgate_kmip::ttlv::decode(record.attributes.clone().into(), &Default::default())
                    .unwrap();
            let Value::Structure(fields) = item.value else {
                return false;
            };
            fields.iter().any(|f| {
                f.tag == Tag::NAME
                    && matches!(&f.value, Value::Structure(parts)
                        if parts.iter().any(|p| p.value == Value::TextString(name.into())))
            })
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("meta.sqlite")).unwrap();
    for i in 0..OBJECTS {
        store
            .insert(&ObjectRecord {
                uid: format!("uid-{i}"),
                object_type: 2,
                state: 2,
                owner: "CN=xks".into(),
                attributes: attributes(&format!("key-{i}")),
                material: Material::Hsm {
                    backend: "hsm".into(),
                    id: format!("id-{i}").into_bytes(),
                },
                updated: 0,
            })
            .unwrap();
    }
    let wanted = format!("key-{}", OBJECTS / 2);
    assert_eq!(scan(&store, &wanted).len(), 1);
    assert_eq!(
        store
            .find_by_name(&wanted, &ListFilter::default())
            .unwrap()
            .len(),
        1
    );

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("find_by_name_5000");
    group.bench_function("index", |b| {
        b.iter(|| black_box(store.find_by_name(&wanted, &ListFilter::default()).unwrap()))
    });
    group.bench_function("scan_baseline", |b| {
        b.iter(|| black_box(scan(&store, &wanted)))
    });
    group.finish();
    criterion.final_summary();
}
