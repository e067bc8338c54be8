//! The token's and the module's self-description (C_GetTokenInfo, C_GetInfo,
//! C_GetSlotInfo), as SoftHSM2 gives it.

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn softhsm_names_itself() {
    let (b, _t, _d) = common::backend("identity", 1).await;
    let identity = b.token_identity().await.unwrap();
    assert_eq!(identity.manufacturer, "SoftHSM project");
    assert_eq!(identity.model, "SoftHSM v2");
    assert_eq!(identity.library_manufacturer, "SoftHSM");
    assert_eq!(identity.library_description, "Implementation of PKCS11");
    // SoftHSM2 is a software token: its slot does not claim CKF_HW_SLOT.
    assert!(!identity.hardware_slot);
}
