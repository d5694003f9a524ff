using System.Security.Cryptography;

namespace Hitl.Silo.Hosting;

/// <summary>The embedded installation's folder: SQLite database and generated secrets (files readable by the owner only).</summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "hitl.db");

    /// <summary>Reads a secret file, or creates it with <paramref name="create"/> on first use.</summary>
    public string GetOrCreateSecret(string name, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var file = System.IO.Path.Combine(Path, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var value = create();
        WriteSecret(name, value);
        return value;
    }

    /// <summary>Reads a secret file, or null.</summary>
    public string? ReadSecret(string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    public void WriteSecret(string name, string value)
    {
        var file = System.IO.Path.Combine(Path, name);
        var temp = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(value);
        }

        File.Move(temp, file, overwrite: true);
    }

    /// <summary>A random secret of <paramref name="bytes"/> bytes, base64url.</summary>
    public static string NewSecret(int bytes = 32) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
