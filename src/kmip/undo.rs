//! The Undo Batch Error Continuation Option: when an item of the batch fails, what the earlier
//! items did is undone and they are reported as Operation Undone.
//!
//! Before each item the records it names are snapshotted; objects an item creates are noted. On
//! failure, created objects are discarded (HSM key and record) and snapshots put back, newest
//! first. Destroy removes key material from the HSM, which cannot be put back: a batch that
//! destroyed something and then failed reports the Destroy as done (Success), not undone.

use hsmgate_kmip::message::{RequestBatchItem, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{Operation, ResultStatus};
use hsmgate_kmip::ttlv::{Tag, Value};

use super::ops::OpContext;
use crate::service::KeyService;
use crate::store::ObjectRecord;

#[derive(Default)]
pub struct UndoLog {
    /// Records as they were before the batch changed them, oldest first.
    snapshots: Vec<ObjectRecord>,
    /// Objects the batch created.
    created: Vec<String>,
    /// Indices (in the response) of items that cannot be undone.
    irreversible: Vec<usize>,
    /// Items seen so far.
    items: usize,
}

impl UndoLog {
    /// Notes the state of the object `item` names before it runs.
    pub async fn before(&mut self, ctx: &OpContext<'_>, item: &RequestBatchItem) {
        if item.operation == Operation::DESTROY {
            self.irreversible.push(self.items);
        }
        self.items += 1;
        let named = match item.payload.child(Tag::UNIQUE_IDENTIFIER).map(|i| &i.value) {
            Some(Value::TextString(uid)) => Some(uid.clone()),
            _ => ctx.id_placeholder.clone(),
        };
        if let Some(uid) = named {
            if let Ok(Some(record)) = ctx.service.snapshot(&uid).await {
                self.snapshots.push(record);
            }
        }
    }

    /// Notes an object the last item, a `operation`, created. Only operations that make new
    /// objects count: an item that merely names or finds an existing object (Activate, Locate)
    /// also sets the ID Placeholder, and undoing it must not discard that object. An object
    /// snapshotted before (it existed) is never taken for a new one.
    pub fn created(&mut self, operation: Operation, uid: Option<String>) {
        let Some(uid) = uid else {
            return;
        };
        if !creates_objects(operation) || self.snapshots.iter().any(|r| r.uid == uid) {
            return;
        }
        self.created.push(uid);
    }

    /// Undoes the batch so far and marks the successful items Operation Undone.
    pub async fn roll_back(self, service: &KeyService, answers: &mut [ResponseBatchItem]) {
        for uid in self.created.iter().rev() {
            if let Err(e) = service.discard(uid).await {
                tracing::error!(uid = %uid, error = %e, "undo: could not discard a created object");
            }
        }
        // Oldest snapshot of each object last, so the state from before the batch wins.
        for record in self.snapshots.into_iter().rev() {
            if self.created.contains(&record.uid) {
                continue;
            }
            let uid = record.uid.clone();
            if let Err(e) = service.restore(record).await {
                tracing::error!(uid = %uid, error = %e, "undo: could not restore an object");
            }
        }
        for (index, answer) in answers.iter_mut().enumerate() {
            if answer.result_status == ResultStatus::SUCCESS && !self.irreversible.contains(&index)
            {
                answer.result_status = ResultStatus::OPERATION_UNDONE;
            }
        }
    }
}

/// Operations whose ID Placeholder names an object they made.
fn creates_objects(operation: Operation) -> bool {
    [
        Operation::CREATE,
        Operation::CREATE_KEY_PAIR,
        Operation::REGISTER,
        Operation::RE_KEY,
        Operation::RE_KEY_KEY_PAIR,
        Operation::DERIVE_KEY,
        Operation::CERTIFY,
        Operation::RE_CERTIFY,
        Operation::CREATE_SPLIT_KEY,
        Operation::JOIN_SPLIT_KEY,
        Operation::IMPORT,
    ]
    .contains(&operation)
}
