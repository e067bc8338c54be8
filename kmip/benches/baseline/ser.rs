//! Serialisation side of the baseline: tuple structs named by their tag, primitives wrapped in
//! `Transparent:0x42xxxx` newtypes so they get a tag, unit enum variants renamed to their
//! Enumeration values, Byte Strings through `serde_bytes`.

use serde::Serialize;

macro_rules! transparent {
    ($($name:ident($inner:ty) = $tag:literal;)*) => {$(
        #[derive(Serialize)]
        #[serde(rename = $tag)]
        pub struct $name(pub $inner);
    )*};
}

macro_rules! transparent_bytes {
    ($($name:ident = $tag:literal;)*) => {$(
        #[derive(Serialize)]
        #[serde(rename = $tag)]
        pub struct $name(#[serde(with = "serde_bytes")] pub Vec<u8>);
    )*};
}

transparent! {
    Major(i32) = "Transparent:0x42006A";
    Minor(i32) = "Transparent:0x42006B";
    BatchCount(i32) = "Transparent:0x42000D";
    UniqueIdentifier(String) = "Transparent:0x420094";
    TagLength(i32) = "Transparent:0x4200CE";
    TimeStamp(u64) = "Transparent:0x420092";
    CryptographicLength(i32) = "Transparent:0x42002A";
}

transparent_bytes! {
    Data = "Transparent:0x4200C2";
    IvCounterNonce = "Transparent:0x42003D";
    KeyMaterial = "Transparent:0x420043";
}

#[derive(Serialize)]
#[serde(rename = "0x420069")]
pub struct ProtocolVersion(pub Major, pub Minor);

#[derive(Serialize)]
#[serde(rename = "0x42005C")]
pub enum Operation {
    #[serde(rename = "0x0000000A")]
    Get,
    #[serde(rename = "0x0000001F")]
    Encrypt,
}

#[derive(Serialize)]
#[serde(rename = "0x420028")]
pub enum CryptographicAlgorithm {
    #[serde(rename = "0x00000003")]
    Aes,
}

#[derive(Serialize)]
#[serde(rename = "0x420011")]
pub enum BlockCipherMode {
    #[serde(rename = "0x00000009")]
    Gcm,
}

#[derive(Serialize)]
#[serde(rename = "0x42007F")]
pub enum ResultStatus {
    #[serde(rename = "0x00000000")]
    Success,
}

#[derive(Serialize)]
#[serde(rename = "0x420057")]
pub enum ObjectType {
    #[serde(rename = "0x00000002")]
    SymmetricKey,
}

#[derive(Serialize)]
#[serde(rename = "0x420042")]
pub enum KeyFormatType {
    #[serde(rename = "0x00000001")]
    Raw,
}

// Encrypt request.

#[derive(Serialize)]
#[serde(rename = "0x420078")]
pub struct RequestMessage(pub RequestHeader, pub Vec<RequestBatchItem>);

#[derive(Serialize)]
#[serde(rename = "0x420077")]
pub struct RequestHeader(pub ProtocolVersion, pub BatchCount);

#[derive(Serialize)]
#[serde(rename = "0x42000F")]
pub struct RequestBatchItem(pub Operation, pub EncryptRequestPayload);

#[derive(Serialize)]
#[serde(rename = "0x420079")]
pub struct EncryptRequestPayload(
    pub UniqueIdentifier,
    pub CryptographicParameters,
    pub Data,
    pub IvCounterNonce,
);

#[derive(Serialize)]
#[serde(rename = "0x42002B")]
pub struct CryptographicParameters(
    pub BlockCipherMode,
    pub CryptographicAlgorithm,
    pub TagLength,
);

// Get response.

#[derive(Serialize)]
#[serde(rename = "0x42007B")]
pub struct ResponseMessage(pub ResponseHeader, pub Vec<ResponseBatchItem>);

#[derive(Serialize)]
#[serde(rename = "0x42007A")]
pub struct ResponseHeader(pub ProtocolVersion, pub TimeStamp, pub BatchCount);

#[derive(Serialize)]
#[serde(rename = "0x42000F")]
pub struct ResponseBatchItem(pub Operation, pub ResultStatus, pub GetResponsePayload);

#[derive(Serialize)]
#[serde(rename = "0x42007C")]
pub struct GetResponsePayload(pub ObjectType, pub UniqueIdentifier, pub SymmetricKey);

#[derive(Serialize)]
#[serde(rename = "0x42008F")]
pub struct SymmetricKey(pub KeyBlock);

#[derive(Serialize)]
#[serde(rename = "0x420040")]
pub struct KeyBlock(
    pub KeyFormatType,
    pub KeyValue,
    pub CryptographicAlgorithm,
    pub CryptographicLength,
);

#[derive(Serialize)]
#[serde(rename = "0x420045")]
pub struct KeyValue(pub KeyMaterial);
