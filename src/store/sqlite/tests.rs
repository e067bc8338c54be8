//! Unit tests of the SQLite store: records, grants and listings, the name index and its
//! migration, reopening the file.

use super::*;
use crate::store::Material;

fn record(uid: &str, owner: &str) -> ObjectRecord {
    ObjectRecord {
        uid: uid.into(),
        object_type: 2,
        state: 1,
        owner: owner.into(),
        attributes: vec![1, 2, 3],
        material: Material::Hsm {
            backend: "softhsm".into(),
            id: uid.as_bytes().to_vec(),
        },
        updated: 1_700_000_000,
    }
}

#[test]
fn insert_get_update_delete() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&record("a", "CN=alice")).unwrap();
    assert!(matches!(
        store.insert(&record("a", "CN=bob")),
        Err(StoreError::Duplicate(_))
    ));
    let mut got = store.get("a").unwrap();
    assert_eq!(got, record("a", "CN=alice"));
    got.state = 2;
    got.material = Material::Wrapped {
        wrapping_key: "kek".into(),
        blob: vec![9; 40],
    };
    store.update(&got).unwrap();
    assert_eq!(store.get("a").unwrap(), got);
    store.delete("a").unwrap();
    assert!(matches!(store.get("a"), Err(StoreError::NotFound(_))));
    assert!(matches!(store.delete("a"), Err(StoreError::NotFound(_))));
    assert!(matches!(store.update(&got), Err(StoreError::NotFound(_))));
}

#[test]
fn list_shows_owned_and_granted_objects_only() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&record("a1", "CN=alice")).unwrap();
    store.insert(&record("b1", "CN=bob")).unwrap();
    store.insert(&record("b2", "CN=bob")).unwrap();
    const GET: u32 = 10;
    store.grant("b2", "CN=alice", GET).unwrap();
    let visible = |who: &str, op: u32| -> Vec<String> {
        let filter = ListFilter {
            visible_to: Some((who.into(), op)),
            ..ListFilter::default()
        };
        store
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|r| r.uid)
            .collect()
    };
    assert_eq!(visible("CN=alice", GET), vec!["a1", "b2"]);
    assert_eq!(visible("CN=alice", 1), vec!["a1"]);
    assert_eq!(visible("CN=bob", GET), vec!["b1", "b2"]);
    assert!(store.is_granted("b2", "CN=alice", GET).unwrap());
    store.revoke_grant("b2", "CN=alice", GET).unwrap();
    assert_eq!(visible("CN=alice", GET), vec!["a1"]);
    assert!(matches!(
        store.grant("nope", "CN=alice", GET),
        Err(StoreError::NotFound(_))
    ));
    // Grants go with their object.
    store.grant("b1", "CN=alice", GET).unwrap();
    store.delete("b1").unwrap();
    assert!(!store.is_granted("b1", "CN=alice", GET).unwrap());
}

fn named(uid: &str, owner: &str, names: &[&str]) -> ObjectRecord {
    ObjectRecord {
        attributes: crate::store::names::attributes_with_names(names),
        ..record(uid, owner)
    }
}

fn uids_named(store: &SqliteStore, name: &str, filter: &ListFilter) -> Vec<String> {
    store
        .find_by_name(name, filter)
        .unwrap()
        .into_iter()
        .map(|r| r.uid)
        .collect()
}

#[test]
fn the_name_index_follows_inserts_updates_and_deletes() {
    let store = SqliteStore::in_memory().unwrap();
    let all = ListFilter::default();
    store
        .insert(&named("k1", "CN=alice", &["payments"]))
        .unwrap();
    store
        .insert(&named("k2", "CN=bob", &["payments", "other"]))
        .unwrap();
    store.insert(&named("k3", "CN=alice", &[])).unwrap();
    assert_eq!(uids_named(&store, "payments", &all), vec!["k1", "k2"]);
    assert_eq!(uids_named(&store, "other", &all), vec!["k2"]);
    assert!(uids_named(&store, "nothing", &all).is_empty());
    let alices = ListFilter {
        visible_to: Some(("CN=alice".into(), 10)),
        ..ListFilter::default()
    };
    assert_eq!(uids_named(&store, "payments", &alices), vec!["k1"]);
    // A Re-key moves the name: the index follows the update.
    store
        .update(&named("k1", "CN=alice", &["payments-old"]))
        .unwrap();
    store
        .update(&named("k3", "CN=alice", &["payments"]))
        .unwrap();
    assert_eq!(uids_named(&store, "payments", &all), vec!["k2", "k3"]);
    assert_eq!(uids_named(&store, "payments-old", &all), vec!["k1"]);
    store.delete("k2").unwrap();
    assert_eq!(uids_named(&store, "payments", &all), vec!["k3"]);
    // A duplicate insert leaves the index as it was.
    assert!(store.insert(&named("k3", "CN=x", &["dup"])).is_err());
    assert!(uids_named(&store, "dup", &all).is_empty());
}

#[test]
fn a_database_from_before_the_name_index_is_indexed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meta.sqlite");
    SqliteStore::open(&path)
        .unwrap()
        .insert(&named("old", "CN=alice", &["legacy"]))
        .unwrap();
    // As an older gateway left it: no name rows, user_version 0.
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch("DELETE FROM object_names; PRAGMA user_version = 0;")
        .unwrap();
    drop(raw);
    let reopened = SqliteStore::open(&path).unwrap();
    assert_eq!(
        uids_named(&reopened, "legacy", &ListFilter::default()),
        vec!["old"]
    );
}

#[test]
fn survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/meta.sqlite");
    SqliteStore::open(&path)
        .unwrap()
        .insert(&record("k", "CN=alice"))
        .unwrap();
    let reopened = SqliteStore::open(&path).unwrap();
    assert_eq!(reopened.get("k").unwrap(), record("k", "CN=alice"));
    assert_eq!(
        reopened.hsm_objects("softhsm").unwrap(),
        vec![("k".to_owned(), b"k".to_vec())]
    );
    assert!(reopened.hsm_objects("other").unwrap().is_empty());
}
