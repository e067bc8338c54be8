//! Deserialisation side of the baseline: brace structs whose fields carry the tags
//! (`#[serde(rename = "0x42xxxx")]`), unit enum variants renamed to their Enumeration values,
//! Byte Strings through `serde_bytes`. Each type holds exactly what the message carries.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A message type the bench can decode with `kmip_ttlv`.
pub trait Decoded: DeserializeOwned {
    /// Panics unless the decoded values are the ones the bench's message holds.
    fn check(&self);
}

#[derive(Deserialize)]
#[serde(rename = "0x420069")]
pub struct ProtocolVersion {
    #[serde(rename = "0x42006A")]
    major: i32,
    #[serde(rename = "0x42006B")]
    minor: i32,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x42005C")]
pub enum Operation {
    #[serde(rename = "0x0000000A")]
    Get,
    #[serde(rename = "0x0000001F")]
    Encrypt,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x420028")]
pub enum CryptographicAlgorithm {
    #[serde(rename = "0x00000003")]
    Aes,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x420011")]
pub enum BlockCipherMode {
    #[serde(rename = "0x00000009")]
    Gcm,
}

// Encrypt request.

#[derive(Deserialize)]
#[serde(rename = "0x420078")]
pub struct RequestMessage {
    #[serde(rename = "0x420077")]
    header: RequestHeader,
    #[serde(rename = "0x42000F")]
    batch_items: Vec<RequestBatchItem>,
}

#[derive(Deserialize)]
#[serde(rename = "0x420077")]
pub struct RequestHeader {
    #[serde(rename = "0x420069")]
    version: ProtocolVersion,
    #[serde(rename = "0x42000D")]
    batch_count: i32,
}

#[derive(Deserialize)]
#[serde(rename = "0x42000F")]
pub struct RequestBatchItem {
    #[serde(rename = "0x42005C")]
    operation: Operation,
    #[serde(rename = "0x420079")]
    payload: EncryptRequestPayload,
}

#[derive(Deserialize)]
#[serde(rename = "0x420079")]
pub struct EncryptRequestPayload {
    #[serde(rename = "0x420094")]
    unique_identifier: String,
    #[serde(rename = "0x42002B")]
    parameters: CryptographicParameters,
    #[serde(rename = "0x4200C2", with = "serde_bytes")]
    data: Vec<u8>,
    #[serde(rename = "0x42003D", with = "serde_bytes")]
    iv: Vec<u8>,
}

#[derive(Deserialize)]
#[serde(rename = "0x42002B")]
pub struct CryptographicParameters {
    #[serde(rename = "0x420011")]
    block_cipher_mode: BlockCipherMode,
    #[serde(rename = "0x420028")]
    algorithm: CryptographicAlgorithm,
    #[serde(rename = "0x4200CE")]
    tag_length: i32,
}

impl Decoded for RequestMessage {
    fn check(&self) {
        assert_eq!(
            (self.header.version.major, self.header.version.minor),
            (1, 4)
        );
        assert_eq!(self.header.batch_count, 1);
        let [item] = &self.batch_items[..] else {
            panic!("one batch item expected")
        };
        assert_eq!(item.operation, Operation::Encrypt);
        let payload = &item.payload;
        assert_eq!(payload.unique_identifier.len(), 36);
        assert_eq!(payload.parameters.block_cipher_mode, BlockCipherMode::Gcm);
        assert_eq!(payload.parameters.algorithm, CryptographicAlgorithm::Aes);
        assert_eq!(payload.parameters.tag_length, 16);
        assert_eq!((payload.data.len(), payload.iv.len()), (32, 12));
    }
}

// Get response.

#[derive(Deserialize)]
#[serde(rename = "0x42007B")]
pub struct ResponseMessage {
    #[serde(rename = "0x42007A")]
    header: ResponseHeader,
    #[serde(rename = "0x42000F")]
    batch_items: Vec<ResponseBatchItem>,
}

#[derive(Deserialize)]
#[serde(rename = "0x42007A")]
pub struct ResponseHeader {
    #[serde(rename = "0x420069")]
    version: ProtocolVersion,
    #[serde(rename = "0x420092")]
    time_stamp: i64,
    #[serde(rename = "0x42000D")]
    batch_count: i32,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x42007F")]
pub enum ResultStatus {
    #[serde(rename = "0x00000000")]
    Success,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x420057")]
pub enum ObjectType {
    #[serde(rename = "0x00000002")]
    SymmetricKey,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(rename = "0x420042")]
pub enum KeyFormatType {
    #[serde(rename = "0x00000001")]
    Raw,
}

#[derive(Deserialize)]
#[serde(rename = "0x42000F")]
pub struct ResponseBatchItem {
    #[serde(rename = "0x42005C")]
    operation: Operation,
    #[serde(rename = "0x42007F")]
    result_status: ResultStatus,
    #[serde(rename = "0x42007C")]
    payload: GetResponsePayload,
}

#[derive(Deserialize)]
#[serde(rename = "0x42007C")]
pub struct GetResponsePayload {
    #[serde(rename = "0x420057")]
    object_type: ObjectType,
    #[serde(rename = "0x420094")]
    unique_identifier: String,
    #[serde(rename = "0x42008F")]
    symmetric_key: SymmetricKey,
}

#[derive(Deserialize)]
#[serde(rename = "0x42008F")]
pub struct SymmetricKey {
    #[serde(rename = "0x420040")]
    key_block: KeyBlock,
}

#[derive(Deserialize)]
#[serde(rename = "0x420040")]
pub struct KeyBlock {
    #[serde(rename = "0x420042")]
    key_format_type: KeyFormatType,
    #[serde(rename = "0x420045")]
    key_value: KeyValue,
    #[serde(rename = "0x420028")]
    algorithm: CryptographicAlgorithm,
    #[serde(rename = "0x42002A")]
    length: i32,
}

#[derive(Deserialize)]
#[serde(rename = "0x420045")]
pub struct KeyValue {
    #[serde(rename = "0x420043", with = "serde_bytes")]
    key_material: Vec<u8>,
}

impl Decoded for ResponseMessage {
    fn check(&self) {
        assert_eq!(
            (self.header.version.major, self.header.version.minor),
            (1, 4)
        );
        assert_eq!(self.header.time_stamp, 1_764_417_600);
        assert_eq!(self.header.batch_count, 1);
        let [item] = &self.batch_items[..] else {
            panic!("one batch item expected")
        };
        assert_eq!(item.operation, Operation::Get);
        assert_eq!(item.result_status, ResultStatus::Success);
        assert_eq!(item.payload.object_type, ObjectType::SymmetricKey);
        assert_eq!(item.payload.unique_identifier.len(), 36);
        let block = &item.payload.symmetric_key.key_block;
        assert_eq!(block.key_format_type, KeyFormatType::Raw);
        assert_eq!(block.key_value.key_material.len(), 32);
        assert_eq!(
            (&block.algorithm, block.length),
            (&CryptographicAlgorithm::Aes, 256)
        );
    }
}
