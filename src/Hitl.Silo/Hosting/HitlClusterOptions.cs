namespace Hitl.Silo.Hosting;

/// <summary>The <c>Hitl:Cluster</c> section.</summary>
public sealed class HitlClusterOptions
{
    /// <summary><c>embedded</c> (default: API and silo in one process), <c>client</c> (API only) or <c>silo</c>.</summary>
    public string Mode { get; set; } = "embedded";

    /// <summary>Silo-to-silo port (default 11111).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port (default 30000).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "hitl";

    /// <summary>Orleans service id: keep it stable, storage and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "hitl";

    /// <summary>The address other silos and clients reach this silo at (cluster mode; default 127.0.0.1).</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>Take the silo's name, address and cluster ids from the Kubernetes pod (Orleans' Kubernetes hosting).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>TLS for silo-to-silo and client-to-gateway traffic (<c>Hitl:Cluster:Tls</c>); off by default.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}
