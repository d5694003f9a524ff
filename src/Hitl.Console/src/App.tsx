import { Navigate, Route, Routes } from 'react-router-dom';
import { StaffLayout } from './pages/StaffLayout';
import { SignIn } from './pages/SignIn';
import { Inbox } from './pages/Inbox';
import { Chat } from './pages/Chat';
import { ComingNext } from './pages/ComingNext';
import { Conversation } from './pages/Conversation';
import { Review } from './pages/Review';
import { Board } from './pages/Board';
import { Knowledge } from './pages/Knowledge';
import { Settings } from './pages/Settings';

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route path="/chat/:tenant" element={<Chat />} />
      <Route element={<StaffLayout />}>
        <Route path="/inbox" element={<Inbox />} />
        <Route path="/conversations/:id" element={<Conversation />} />
        <Route path="/review" element={<Review />} />
        <Route path="/board" element={<Board />} />
        <Route path="/knowledge" element={<Knowledge />} />
        <Route path="/settings" element={<Settings />} />
      </Route>
      <Route path="/" element={<Navigate to="/inbox" replace />} />
      <Route path="*" element={<ComingNext title="Page not found" />} />
    </Routes>
  );
}
