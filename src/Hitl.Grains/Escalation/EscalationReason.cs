namespace Hitl.Grains.Escalation;

/// <summary>Why a conversation went to a human. See the contract for each reason's meaning.</summary>
[GenerateSerializer, Alias("hitl.EscalationReason")]
public enum EscalationReason
{
    LowConfidence = 0,
    NegativeSentiment = 1,
    ExplicitRequest = 2,
    SensitiveTopic = 3,
    RepeatedFailure = 4,
    OutOfScope = 5,
    Rule = 6,
    DraftRejected = 7,
    Manual = 8,
}
