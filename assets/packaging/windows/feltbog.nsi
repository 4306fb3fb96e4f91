; Feltbog's per-user installer: for a consultant without administrator
; rights, where IT allows user installs. Built on Linux with Debian's
; makensis by `cargo xtask dist --windows`, which defines VERSION, STAGE
; (the folder with the files) and OUTFILE. Nothing is downloaded.
;
; - Installs into %LOCALAPPDATA%\Programs\Feltbog, for this user only; no
;   administrator rights are asked for.
; - A Start-menu entry "Feltbog", an uninstaller, and an entry under
;   Settings > Apps (the current user's uninstall key).
; - The folder joins the user's own PATH, so `feltbog` works in a new
;   terminal; a PATH too long to edit safely is left as it is.
; - In Danish, English available; silent with /S (uninstall too).
; - Microsoft's WebView2 runtime draws the app's window: where it is
;   missing, the installer says what to ask IT for. The command line works
;   without it, so the install may go on.
; - The user's profile (%LOCALAPPDATA%\feltbog) is never touched.

; The file is named ...-setup.exe, as IT expects; NSIS warns that Windows
; guesses elevation for such names, but the manifest RequestExecutionLevel
; writes (asInvoker) turns that guessing off.
!pragma warning disable 9000

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include MUI2.nsh
!include LogicLib.nsh
!include WinMessages.nsh
!include StrFunc.nsh
${StrStr}
${UnStrRep}

!define PRODUCT "Feltbog"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Feltbog"
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Feltbog"
InstallDirRegKey HKCU "Software\Feltbog" "InstallDir"
BrandingText "Feltbog ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Feltbog"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Feltbog ${VERSION} (installation for denne bruger)"
VIAddVersionKey /LANG=0 "CompanyName" "Feltbog"
VIAddVersionKey /LANG=0 "LegalCopyright" "EUPL-1.2"

; The welcome and finish pages' picture: Feltbog's icon on its green, made
; from the icon with ImageMagick:
;   convert -size 164x314 xc:'#1e5c4a' \( icons/256x256.png -resize 112x112 \)
;     -gravity north -geometry +0+48 -composite -fill white
;     -font DejaVu-Sans-Bold -pointsize 20 -annotate +0+178 Feltbog
;     -type truecolor BMP3:assets/packaging/windows/welcome.bmp
!define MUI_WELCOMEFINISHPAGE_BITMAP "${__FILEDIR__}\welcome.bmp"
!define MUI_ICON "${STAGE}\feltbog.ico"
!define MUI_UNICON "${STAGE}\feltbog.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
; Asked before any language is chosen, so in both.
!define MUI_LANGDLL_WINDOWTITLE "Feltbog: sprog / language"
!define MUI_LANGDLL_INFO "Vælg sproget til installationen.$\r$\nPlease select the installer's language."
; The language chosen at install is the uninstaller's too.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\Feltbog"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"
!define MUI_FINISHPAGE_RUN "$INSTDIR\feltbog-desk.exe"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENCE-EUPL-1.2.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Danish"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WebView2Missing ${LANG_DANISH} "Feltbog kræver Microsoft Edge WebView2 Runtime for at vise sit vindue, og den mangler på denne computer.$\r$\n$\r$\nBed IT om at installere $\"Microsoft Edge WebView2 Runtime (Evergreen)$\".$\r$\n$\r$\nKommandolinjen (feltbog) virker uden den. Vil du installere Feltbog alligevel?"
LangString WebView2Missing ${LANG_ENGLISH} "Feltbog needs the Microsoft Edge WebView2 Runtime to show its window, and this computer lacks it.$\r$\n$\r$\nAsk IT to install $\"Microsoft Edge WebView2 Runtime (Evergreen)$\".$\r$\n$\r$\nThe command line (feltbog) works without it. Install Feltbog anyway?"
LangString PathTooLong ${LANG_DANISH} "Din PATH er for lang til at blive ændret sikkert; feltbog.exe ligger i $INSTDIR."
LangString PathTooLong ${LANG_ENGLISH} "Your PATH is too long to change safely; feltbog.exe is in $INSTDIR."
LangString WelcomeText ${LANG_DANISH} "Feltbog installeres kun for dig, i din egen programmappe. Du behøver ikke at være administrator.$\r$\n$\r$\nDine notater ligger krypteret i din egen profil; installation og afinstallation rører dem ikke.$\r$\n$\r$\nTryk på Næste for at fortsætte."
LangString WelcomeText ${LANG_ENGLISH} "Feltbog is installed for you only, in your own programs folder. You do not need to be an administrator.$\r$\n$\r$\nYour notes are kept encrypted in your own profile; installing and uninstalling never touch them.$\r$\n$\r$\nClick Next to continue."
LangString StartMenuComment ${LANG_DANISH} "SSP-konsulentens feltnoter"
LangString StartMenuComment ${LANG_ENGLISH} "The SSP consultant's field notes"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  Call CheckWebView2
FunctionEnd

; The runtime's own registry entry (Microsoft's documented check): the
; machine-wide install or this user's, with a version other than 0.0.0.0.
Function CheckWebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ReadRegStr $1 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  ${If} $1 != ""
  ${AndIf} $1 != "0.0.0.0"
    Return
  ${EndIf}
  DetailPrint "WebView2 Runtime: mangler (missing)"
  MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(WebView2Missing)" /SD IDYES IDYES +2
  Abort
FunctionEnd

Section "Feltbog" Main
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}\feltbog-desk.exe"
  File "${STAGE}\feltbog.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\feltbog.ico"
  File "${STAGE}\LICENCE-EUPL-1.2.txt"
  File "${STAGE}\third-party-licences.html"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\Feltbog.lnk" "$INSTDIR\feltbog-desk.exe" "" "$INSTDIR\feltbog.ico" 0 SW_SHOWNORMAL "" "$(StartMenuComment)"

  WriteRegStr HKCU "Software\Feltbog" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Feltbog"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Feltbog"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Comments" "Licens: EUPL-1.2 (European Union Public Licence v. 1.2)"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\feltbog.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  Call AddToPath
SectionEnd

; Appends the folder to the user's own PATH (HKCU\Environment) unless it
; is there. NSIS strings hold 1,024 characters: a PATH that would not fit
; (ReadRegStr answers "" with the error flag for one longer) is left alone
; and the user told where the program is; only a PATH that is truly not
; there is made.
Function AddToPath
  ClearErrors
  ReadRegStr $0 HKCU "Environment" "Path"
  ${If} ${Errors}
    Call PathExists
    Pop $3
    ${If} $3 == 1
      DetailPrint "$(PathTooLong)"
      Return
    ${EndIf}
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    Goto changed
  ${EndIf}
  StrLen $1 $0
  StrLen $2 $INSTDIR
  IntOp $1 $1 + $2
  ${If} $1 > 1000
    DetailPrint "$(PathTooLong)"
    Return
  ${EndIf}
  ${StrStr} $2 ";$0;" ";$INSTDIR;"
  ${If} $2 != ""
    Return
  ${EndIf}
  ${If} $0 == ""
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
  ${Else}
    WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
  ${EndIf}
  changed:
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
FunctionEnd

; Pushes 1 when HKCU\Environment has a Path value (of any length), else 0.
Function PathExists
  StrCpy $4 0
  ${Do}
    EnumRegValue $5 HKCU "Environment" $4
    ${If} $5 == ""
      Push 0
      Return
    ${EndIf}
    ${If} $5 == "Path"
      Push 1
      Return
    ${EndIf}
    IntOp $4 $4 + 1
  ${Loop}
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\Feltbog.lnk"
  Delete "$INSTDIR\feltbog-desk.exe"
  Delete "$INSTDIR\feltbog.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\feltbog.ico"
  Delete "$INSTDIR\LICENCE-EUPL-1.2.txt"
  Delete "$INSTDIR\third-party-licences.html"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; Takes the folder out of the user's PATH again, as a whole entry only
  ; (";C:\Tools;" never touches ";C:\Tools\git;"). A PATH NSIS cannot
  ; hold whole is left as it is.
  ClearErrors
  ReadRegStr $0 HKCU "Environment" "Path"
  ${IfNot} ${Errors}
    ${UnStrRep} $0 ";$0;" ";$INSTDIR;" ";"
    StrCpy $0 $0 "" 1
    StrCpy $0 $0 -1
    ${If} $0 == ""
      DeleteRegValue HKCU "Environment" "Path"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  ${EndIf}

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Feltbog"
SectionEnd
