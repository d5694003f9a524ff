namespace Hitl.Grains.Tests.Storage;

[GenerateSerializer, Alias("hitl.tests.StorageTestState")]
public sealed class StorageTestState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public long Count { get; set; }
    [Id(2)] public List<string> Items { get; set; } = [];
}
