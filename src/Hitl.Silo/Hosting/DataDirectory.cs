using System.Security.Cryptography;

namespace Hitl.Silo.Hosting;

/// <summary>
/// The embedded installation's folder: SQLite database and generated secrets. On Unix the folder is private to the
/// service user (0700) and its files are 0600; a start fixes the modes of an existing folder and its files.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>Owner read, write and search (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public DataDirectory(string path)
    {
        Path = path;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        MakePrivate();
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "hitl.db");

    /// <summary>Reads a secret file, or creates it with <paramref name="create"/> on first use.</summary>
    public string GetOrCreateSecret(string name, Func<string> create) => GetOrCreateSecret(name, create, out _);

    /// <summary>Reads a secret file, or creates it with <paramref name="create"/>; <paramref name="created"/> says which.</summary>
    public string GetOrCreateSecret(string name, Func<string> create, out bool created)
    {
        ArgumentNullException.ThrowIfNull(create);
        var file = System.IO.Path.Combine(Path, name);
        if (File.Exists(file))
        {
            created = false;
            return File.ReadAllText(file).Trim();
        }

        var value = create();
        WriteSecret(name, value);
        created = true;
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
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
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

    /// <summary>Sets 0600 on <paramref name="file"/> when it exists (Unix only).</summary>
    public static void MakePrivateFile(string file)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(file) && File.GetUnixFileMode(file) != FileMode)
        {
            SetMode(file, FileMode);
        }
    }

    /// <summary>An existing folder from an earlier version may be world-readable: 0700 on it, 0600 on its files.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void MakePrivate()
    {
        if (File.GetUnixFileMode(Path) != DirectoryMode)
        {
            SetMode(Path, DirectoryMode);
        }

        foreach (var file in Directory.EnumerateFiles(Path))
        {
            MakePrivateFile(file);
        }
    }

    /// <summary>
    /// Sets the mode when this user owns the path. A mounted volume owned by another user (a Kubernetes emptyDir is
    /// root's) cannot be changed and is left as it is: the files this service creates in it are 0600 all the same.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetMode(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
