//! The replay against a live server, on small hand-made files: what it records when a request
//! cannot be built, when the server closes the connection, and when a step passes.

use crate::pattern::read_patterns;
use crate::replay::{replay, StepOutcome};
use crate::vectors::{Step, VectorFile};

const HEADER: &str = r#"<RequestHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="2"/>
      <ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion>
    <BatchCount type="Integer" value="1"/>
  </RequestHeader>"#;

/// Discover Versions offering 2.1 only, and the answer a KMIP 2.1 server owes it.
fn discover_versions() -> (String, String) {
    let version = r#"<ProtocolVersion>
        <ProtocolVersionMajor type="Integer" value="2"/>
        <ProtocolVersionMinor type="Integer" value="1"/>
      </ProtocolVersion>"#;
    let request = format!(
        r#"<RequestMessage>{HEADER}<BatchItem>
             <Operation type="Enumeration" value="DiscoverVersions"/>
             <RequestPayload>{version}</RequestPayload>
           </BatchItem></RequestMessage>"#
    );
    let response = format!(
        r#"<ResponseMessage><ResponseHeader>{version}
             <TimeStamp type="DateTime" value="$NOW"/>
             <BatchCount type="Integer" value="1"/>
           </ResponseHeader>
           <BatchItem>
             <Operation type="Enumeration" value="DiscoverVersions"/>
             <ResultStatus type="Enumeration" value="Success"/>
             <ResponsePayload>{version}</ResponsePayload>
           </BatchItem></ResponseMessage>"#
    );
    (request, response)
}

fn file(stem: &str, steps: &[(String, String)]) -> VectorFile {
    let one = |xml: &str| read_patterns(xml).unwrap().remove(0);
    VectorFile {
        stem: stem.to_owned(),
        steps: steps
            .iter()
            .map(|(request, response)| Step {
                request: one(request),
                response: one(response),
            })
            .collect(),
    }
}

#[tokio::test]
async fn an_unbound_request_is_not_sent_and_later_steps_still_run() {
    let (request, response) = discover_versions();
    let get = format!(
        r#"<RequestMessage>{HEADER}<BatchItem>
             <Operation type="Enumeration" value="Get"/>
             <RequestPayload>
               <UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_9"/>
             </RequestPayload>
           </BatchItem></RequestMessage>"#
    );
    // A later expected response binds the name, so nothing else may stand in for it.
    let binds = response.replace(
        "<ResultStatus",
        r#"<UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_9"/><ResultStatus"#,
    );
    let outcome = replay(&file(
        "unbound",
        &[
            (get, response.clone()),
            (request.clone(), response),
            (request, binds),
        ],
    ))
    .await;
    assert_eq!(outcome.profile, "unbound");
    assert_eq!(
        outcome.steps[0],
        StepOutcome::Failed("not sent: $UNIQUE_IDENTIFIER_9 is unbound".into())
    );
    assert_eq!(outcome.steps[1], StepOutcome::Passed);
    assert_eq!(
        outcome.steps[2],
        StepOutcome::Failed("BatchItem/UniqueIdentifier missing".into())
    );
    assert!(!outcome.passed());
    assert_eq!(outcome.passed_steps(), 1);
}

#[tokio::test]
async fn a_closed_connection_fails_the_step_and_stops_sending() {
    let (request, response) = discover_versions();
    // A message without a request header: the server cannot answer it and closes.
    let headless = r#"<RequestMessage><BatchItem>
          <Operation type="Enumeration" value="Query"/><RequestPayload/>
        </BatchItem></RequestMessage>"#
        .to_owned();
    let outcome = replay(&file(
        "closed",
        &[
            (request.clone(), response.clone()),
            (headless, response.clone()),
            (request, response),
        ],
    ))
    .await;
    assert_eq!(
        outcome.steps,
        [
            StepOutcome::Passed,
            StepOutcome::Failed("no response: the server closed the connection".into()),
            StepOutcome::Failed("not sent: the connection is closed".into()),
        ]
    );
    assert_eq!(
        outcome.first_failure().as_deref(),
        Some("step 1: no response: the server closed the connection")
    );
}
