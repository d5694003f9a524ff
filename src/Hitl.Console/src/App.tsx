import { Navigate, Route, Routes } from 'react-router-dom';
import { StaffLayout } from './pages/StaffLayout';
import { SignIn } from './pages/SignIn';
import { Inbox } from './pages/Inbox';
import { Chat } from './pages/Chat';
import { ComingNext } from './pages/ComingNext';

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route path="/chat/:tenant" element={<Chat />} />
      <Route element={<StaffLayout />}>
        <Route path="/inbox" element={<Inbox />} />
        <Route path="/conversations/:id" element={<ComingNext title="Conversation" />} />
        <Route path="/review" element={<ComingNext title="Review" />} />
        <Route path="/board" element={<ComingNext title="Board" />} />
        <Route path="/knowledge" element={<ComingNext title="Knowledge" />} />
        <Route path="/settings" element={<ComingNext title="Settings" />} />
      </Route>
      <Route path="/" element={<Navigate to="/inbox" replace />} />
      <Route path="*" element={<ComingNext title="Page not found" />} />
    </Routes>
  );
}
